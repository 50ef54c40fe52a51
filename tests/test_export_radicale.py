"""A real CalDAV server: Radicale on loopback receives each body's feed and hands it back intact."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
import requests

from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.feeds import export_ics

from netutil import free_port
from test_export_data import AS_OF, make_db

USER = ("coordinator", "x")
MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set>
</C:mkcalendar>"""
REPORT = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>"""



@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "none",
         "--storage-filesystem-folder", str(tmp_path / "collections"), "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/.web/", timeout=1)
                break
            except requests.ConnectionError:
                if proc.poll() is not None:
                    pytest.fail("Radicale did not start: " + proc.stderr.read().decode())  # type: ignore[union-attr]
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def _events(raw: bytes) -> dict[str, object]:
    return {str(e["UID"]): e.start for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}


def test_body_feeds_survive_a_caldav_server(radicale: str, tmp_path: Path) -> None:
    url = make_db(tmp_path / "db.sqlite")
    out = tmp_path / "out"
    _, feeds = export_ics(url, out, AS_OF, ExportConfig())
    session = requests.Session()
    session.auth = USER
    checked = 0
    for feed in (f for f in feeds if f.kind == "body"):
        raw = (out / feed.file).read_bytes()
        ours = _events(raw)
        collection = f"{radicale}/{USER[0]}/{feed.file.removesuffix('.ics')}/"
        made = session.request("MKCALENDAR", collection, data=MKCALENDAR.format(name=feed.title).encode(),
                               headers={"Content-Type": "application/xml; charset=utf-8"})
        assert made.status_code == 201, made.text
        for event in icalendar.Calendar.from_ical(raw).walk("VEVENT"):  # one resource per event, as clients do
            one = icalendar.Calendar()
            one.add("prodid", "-//roadmap_tui test//RU")
            one.add("version", "2.0")
            one.add_component(event)
            name = str(event["UID"]).split("@")[0] + ".ics"
            put = session.put(collection + name, data=one.to_ical(),
                              headers={"Content-Type": "text/calendar; charset=utf-8"})
            assert put.status_code == 201, put.text
        back = session.request("REPORT", collection, data=REPORT.encode(),
                               headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
        assert back.status_code == 207
        got: dict[str, object] = {}
        from xml.etree import ElementTree

        for node in ElementTree.fromstring(back.content).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
            got.update(_events(node.text.encode()))  # type: ignore[union-attr]
        assert got == ours
        whole = session.get(collection)  # Radicale also serves the collection as one calendar
        assert whole.status_code == 200 and _events(whole.content) == ours
        summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(whole.content).walk("VEVENT")}
        assert summaries == {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
        checked += 1
    assert checked == 5
