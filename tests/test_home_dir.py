"""The home folder's write check (config.env.home_dir) when several processes start at once on one home:
a server and its job worker, or two test runs. Each must make its own probe file, not delete another's."""

from __future__ import annotations

import threading

from bombaram.config.env import home_dir


def test_many_starts_at_once_on_one_home_all_pass_the_write_check_and_leave_nothing(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("BOMBARAM_HOME", str(home))
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def check() -> None:
        start.wait()
        for _ in range(300):
            try:
                assert home_dir() == home.resolve()
            except BaseException as exc:  # noqa: BLE001 - any failure of any thread is the test's failure
                errors.append(exc)
                return

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(home.iterdir()) == []  # no probe left behind
