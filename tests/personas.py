"""Helpers for permission tests: act as a persona, and read a response as a permission outcome."""

from __future__ import annotations


def as_persona(client, people, persona: str):
    """The test client logged in as the persona (left anonymous for "anonymous")."""
    if people[persona] is not None:
        client.force_login(people[persona])
    return client


def outcome(response) -> int | str:
    """The status code, or "login" for a redirect to the login page."""
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code
