"""The fire drill of bench/drill.py, asserting what a user would notice: swaps, reloads and
recycling under load cost no request, a SIGKILL at most the requests in flight, a new build is
served within 10 s, and slow clients cannot take the site offline.

The load is a fixed number of requests, never a rate: the same drill on a busy machine takes
longer and must pass all the same. How fast it went is bench/DRILL.md's business."""

from __future__ import annotations

from bench import drill

THREADS_PER_WORKER = 2  # timeline serve runs gthread workers with 2 threads


def test_faults_under_load(drill_folder):
    report = drill.faults_under_load(
        drill_folder, requests=6000, connections=64, max_requests=300, kill_requests=3000
    )
    survivable, kills = report.survivable, report.kills
    # Every request was made: the faults met real load, and the run was not cut off.
    assert survivable["complete"] and survivable["requests"] >= 6000, survivable["output"]
    assert kills["complete"] and kills["requests"] >= 3000, kills["output"]
    assert survivable["non_2xx"] == 0, survivable["output"]
    # No request lost: every one answered (within drill.LOST_AFTER, however busy the machine).
    assert survivable["socket_errors"] == 0, survivable["output"]
    # Both swaps reached both instances and nginx (each waited at most 10 s), with no restart.
    assert len(report.switch_seconds) == 2
    assert report.served_totals == [drill.BUILD_SIZES[2]] * 2
    # 4 workers at the start; the HUPs replace 4 and the kills 2: more than that is recycling.
    assert report.workers_seen > report.workers_at_start + 6
    assert report.killed == 2
    assert kills["non_2xx"] == 0, kills["output"]
    assert kills["socket_errors"] <= report.killed * THREADS_PER_WORKER, kills["output"]
    assert kills["socket_errors"] == kills["socket_error_kinds"].get("read", 0), kills["output"]


def test_slowloris_against_nginx_leaves_the_site_answering(app_url, drill_folder):
    with drill.nginx_in_front(drill_folder / "slow", [app_url]) as front:
        report = drill.slow_clients(front, "nginx", connections=200, seconds=15)
    assert report.probes >= 20  # a probe every 250 ms for 12 s, each waiting 2 s at most
    # A reader notices a page that does not come: every probe is answered, and the slowest
    # within 1 s, which tells "answering" from bare gunicorn (none answered within its 2 s).
    assert report.answered_share >= 0.99
    assert report.p99_ms < 1000
