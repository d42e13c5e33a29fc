"""Logins are throttled per account and per address (a delay, not a lockout), and failures are logged."""

import datetime as dt
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from bombaram.web.models import LoginFailure

LOGIN = "/accounts/login/"


def _fail(client, username="officer", address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_are_free_the_sixth_asks_for_a_delay_and_the_right_password_waits_too(client, make_user, caplog):
    make_user("officer")
    caplog.set_level(logging.WARNING, logger="bombaram.security")
    for _ in range(6):
        response = _fail(client)
        assert response.status_code == 200
        assert "올바른 사용자 이름" in response.content.decode()
    assert LoginFailure.objects.filter(username="officer").count() == 6
    assert sum("login failed: user 'officer' from 10.0.0.1" in r.getMessage() for r in caplog.records) == 6
    # the 6th failure asks for 1 s: even the right password is refused meanwhile, with the delay said
    response = client.post(LOGIN, {"username": "officer", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.1")
    page = response.content.decode()
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "로그인에 너무 많이 실패했습니다" in page and "1초" in page
    # a refused attempt during the delay is not stored as a failure (hammering does not lengthen it)
    assert LoginFailure.objects.filter(username="officer").count() == 6


@pytest.mark.django_db
def test_after_the_delay_the_user_logs_in(client, make_user):
    make_user("officer")
    long_ago = timezone.now() - dt.timedelta(seconds=30)
    LoginFailure.objects.bulk_create(
        [LoginFailure(created=long_ago, username="officer", address="10.0.0.9") for _ in range(6)]
    )
    response = client.post(LOGIN, {"username": "officer", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302 and client.session["_auth_user_id"]


@pytest.mark.django_db
def test_the_delay_is_capped_so_an_attacker_cannot_lock_a_user_out(client, make_user):
    """Hundreds of failures (an attacker) still leave the user a wait of at most 60 s after the last one."""
    make_user("officer")
    ago = timezone.now() - dt.timedelta(seconds=61)
    LoginFailure.objects.bulk_create(
        [LoginFailure(created=ago, username="officer", address=f"10.1.{i // 250}.{i % 250}") for i in range(300)]
    )
    response = client.post(LOGIN, {"username": "officer", "password": "correct-horse-battery"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_slowed(client, make_user):
    make_user("victim")
    for i in range(21):
        _fail(client, username=f"guess{i}", address="10.0.0.66")
    response = client.post(LOGIN, {"username": "victim", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.66")
    assert "_auth_user_id" not in client.session and "로그인에 너무 많이 실패했습니다" in response.content.decode()
    # the same account from another address is not slowed by that address
    response = client.post(LOGIN, {"username": "victim", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_back_office_login_is_throttled_too(client, make_user):
    user = make_user("boss")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    url = reverse("admin:login")
    for _ in range(6):
        client.post(url, {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.0.2")
    assert LoginFailure.objects.filter(username="boss").count() == 6
    response = client.post(url, {"username": "boss", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.2")
    assert "_auth_user_id" not in client.session and "로그인에 너무 많이 실패했습니다" in response.content.decode()
