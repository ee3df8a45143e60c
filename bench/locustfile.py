"""Locust users for bench/load.py: coordinators, SENCOs, teachers and parents, each a real
signed-in demo account opening the pages of their day with a few seconds' thought between.
The sessions come from bench/load_sessions.py through SENDPATH_LOAD_PEOPLE (a JSON file)."""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["SENDPATH_LOAD_PEOPLE"]) as handle:
    _DATA = json.load(handle)
_COOKIE = _DATA["cookie_name"]
_BY_ROLE = {
    role: itertools.cycle([p for p in _DATA["people"] if p["role"] == role])
    for role in {p["role"] for p in _DATA["people"]}
}


class _Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 4)

    def on_start(self) -> None:
        person = next(_BY_ROLE[self.role])
        self.paths = person["paths"]
        self.client.cookies.set(_COOKIE, person["cookie"])

    @task
    def open_a_page(self) -> None:
        path = random.choice(self.paths)
        # Group child-specific pages by their route, so the table reads by page kind.
        name = "/".join("<id>" if part.isdigit() else part for part in path.split("?")[0].split("/"))
        with self.client.get(
            path, name=f"{self.role} {name}", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {path}")


class Coordinator(_Person):
    role = "coordinator"
    weight = 3


class Senco(_Person):
    role = "senco"
    weight = 2


class Teacher(_Person):
    role = "teacher"
    weight = 3


class Parent(_Person):
    role = "parent"
    weight = 2
