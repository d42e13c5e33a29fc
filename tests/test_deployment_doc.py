"""The nginx configuration of docs/deployment.md ("Several servers") is one nginx accepts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _two_server_block() -> str:
    section = DOC.read_text(encoding="utf-8").split("## Several servers behind one PostgreSQL", 1)[1]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def test_the_guide_puts_two_servers_behind_nginx_without_sticky_sessions():
    block = _two_server_block()
    assert len(re.findall(r"^\s+server 10\.0\.0\.1[12]:8000", block, re.M)) == 2
    assert "proxy_pass http://bombaram;" in block and "ip_hash" not in block and "sticky" not in block
    size = int(re.search(r"client_max_body_size (\d+)m;", block).group(1))
    assert size >= 150  # a million-row purchase file (about 110 MB) gets through


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_two_server_configuration(tmp_path):
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=se.example.go.kr", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    block = _two_server_block().replace("/etc/ssl/se.example.go.kr/fullchain.pem", str(cert)).replace(
        "/etc/ssl/se.example.go.kr/privkey.pem", str(key))
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
                    f"http {{\n{block}\n}}\n", encoding="utf-8")
    done = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr
