#!/usr/bin/env python3
"""`bin/pipeline status` and `bin/pipeline monitor`: the components of the local pipeline, read the way
an operator reads them (process ids, ports, Flink's REST API and metrics, the report store).

Usage (through bin/pipeline, which sets the folders and ports): pipeline.py status | monitor | job-state JOB_ID
(job-state prints the job's state, STARTING while some of its tasks are not running yet, and exits 0
while the job is alive: bin/pipeline asks it, so that one place says what a running job is)
"""
import json
import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.request

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = os.environ
STATE = ENV.get("CONNWATCH_PIPELINE_DIR", os.path.join(HOME, "var/pipeline"))
CLUSTER_DIR = ENV.get("CONNWATCH_CLUSTER_DIR", os.path.join(HOME, "var/cluster"))
KAFKA_DIR = ENV.get("CONNWATCH_KAFKA_DIR", os.path.join(HOME, "var/kafka"))
KAFKA_PORT = int(ENV.get("CONNWATCH_KAFKA_PORT", "9092"))
PG_PORT = int(ENV.get("CONNWATCH_PG_PORT", "5432"))
REST_PORT = int(ENV.get("CONNWATCH_REST_PORT", "8081"))
JOBS = ("forwarder", "reports")
# States of a job that is alive (running, or on its way there): neither submitted again nor stopped.
ACTIVE = ("RUNNING", "STARTING", "CREATED", "INITIALIZING", "RESTARTING", "RECONCILING")
# A TaskManager that has not answered a heartbeat this long is lost (Flink's own timeout is 50 s).
HEARTBEAT_LATE_MS = 30_000


def rest(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{REST_PORT}{path}", timeout=5) as r:
        return json.load(r)


def pid_alive(pid_file):
    """Whether the process of the pid file runs; a zombie (killed, not yet reaped) does not (as bin/lib/pid.sh)."""
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except (OSError, ValueError, IndexError):
        return False


def pid_of(pid_file):
    return read(pid_file) or "?"


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def ago(ms):
    s = max(0, int(ms / 1000))
    if s < 120:
        return f"{s} s"
    if s < 7200:
        return f"{s // 60} min"
    if s < 172_800:
        return f"{s // 3600} h"
    return f"{s // 86400} d"


class Check:
    """One line of status: a component, healthy or not, and what is known about it."""

    def __init__(self, name, ok, text):
        self.name, self.ok, self.text = name, ok, text

    def line(self):
        return f"{self.name:<22} {'ok' if self.ok else 'DOWN':<5} {self.text}"


def vertex_metrics(job, vertex, suffixes, agg="sum"):
    """Sum (or min) over subtasks of the vertex's metrics whose names end with one of the suffixes."""
    try:
        names = [m["id"] for m in rest(f"/jobs/{job}/vertices/{vertex}/subtasks/metrics")]
        want = [n for n in names if n.endswith(suffixes)]
        if not want:
            return {}
        rows = rest(f"/jobs/{job}/vertices/{vertex}/subtasks/metrics?get={','.join(want)}&agg=sum,min,max")
        return {r["id"]: r.get(agg) for r in rows}
    except Exception:
        return {}


def state_of(detail):
    """A job's state from /jobs/ID; RUNNING only once all its tasks run (STARTING before), NONE if unknown."""
    if not detail:
        return "NONE"
    counts = detail.get("status-counts", {})
    busy = sum(n for s, n in counts.items() if s not in ("RUNNING", "FINISHED"))
    return "STARTING" if detail["state"] == "RUNNING" and busy else detail["state"]


def job_state(job_id):
    try:
        detail = rest(f"/jobs/{job_id}")
    except Exception:
        detail = None
    state = state_of(detail)
    print(state)
    return 0 if state in ACTIVE else 1


class JobView:
    """What the REST API says of one job of the pipeline."""

    def __init__(self, name):
        self.name = name
        self.id = read(os.path.join(STATE, f"{name}.job"))
        self.detail = None
        self.checkpoints = None
        self.interval_ms = 30_000
        if not self.id:
            return
        try:
            self.detail = rest(f"/jobs/{self.id}")
            self.checkpoints = rest(f"/jobs/{self.id}/checkpoints")
            self.interval_ms = rest(f"/jobs/{self.id}/checkpoints/config").get("interval", self.interval_ms)
        except Exception:
            pass

    @property
    def state(self):
        return state_of(self.detail)

    def taskmanager_ids(self):
        """The TaskManagers the job's tasks run on, as its JobMaster sees them."""
        ids = set()
        for v in (self.detail or {}).get("vertices", []):
            try:
                ids.update(s.get("taskmanager-id") for s in rest(f"/jobs/{self.id}/vertices/{v['id']}")["subtasks"]
                           if s.get("status") == "RUNNING")
            except Exception:
                pass
        ids.discard(None)
        return ids

    def last_checkpoint_ms(self):
        latest = ((self.checkpoints or {}).get("latest") or {}).get("completed") or {}
        return latest.get("latest_ack_timestamp") or None

    def checkpoint_age_ms(self, now_ms):
        last = self.last_checkpoint_ms()
        since = last or (self.detail or {}).get("start-time", now_ms)
        return now_ms - since, last is not None

    def metric(self, suffixes, agg="sum", vertex_name=None):
        total = None
        for v in (self.detail or {}).get("vertices", []):
            if vertex_name and vertex_name not in v["name"]:
                continue
            for value in vertex_metrics(self.id, v["id"], suffixes, agg).values():
                if value is None:
                    continue
                total = value if total is None else (min(total, value) if agg == "min" else total + value)
        return total

    def lines_per_second(self):
        # the forwarder counts lines in its file reader; the report job after parsing
        suffix = ".tail.linesReadPerSecond" if self.name == "forwarder" else ".linesReadPerSecond"
        total = 0.0
        for v in (self.detail or {}).get("vertices", []):
            for n, value in vertex_metrics(self.id, v["id"], (suffix,)).items():
                if self.name == "reports" and n.endswith(".tail.linesReadPerSecond"):
                    continue
                total += value or 0
        return total


def last_hour_reported():
    """The newest hour in the report store, or None."""
    try:
        out = subprocess.run([os.path.join(HOME, "bin/postgres"), "psql", "-tAc",
                              "select to_char(max(window_start) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI\"Z\"') from connwatch.volume"],
                             capture_output=True, text=True, timeout=10)
        value = out.stdout.strip()
        return (value or None) if out.returncode == 0 else None
    except Exception:
        return None


def checks(jobs, last_hour):
    """The status lines; {@code jobs}: a JobView by job name, {@code last_hour}: the newest hour in the store."""
    now_ms = time.time() * 1000
    out = []
    kafka_pid = os.path.join(KAFKA_DIR, "kafka.pid")
    if pid_alive(kafka_pid) and port_open(KAFKA_PORT):
        out.append(Check("kafka", True, f"127.0.0.1:{KAFKA_PORT}, pid {pid_of(kafka_pid)}, log {KAFKA_DIR}/log/server.log"))
    else:
        out.append(Check("kafka", False, f"not running on 127.0.0.1:{KAFKA_PORT}; log {KAFKA_DIR}/log/server.log"))
    pg = subprocess.run([os.path.join(HOME, "bin/postgres"), "status"], capture_output=True, text=True)
    out.append(Check("postgres", pg.returncode == 0, pg.stdout.strip().removeprefix("postgres: ") or pg.stderr.strip()))

    jm_pid = os.path.join(CLUSTER_DIR, "jobmanager.pid")
    overview = None
    try:
        overview = rest("/overview")
    except Exception:
        pass
    if pid_alive(jm_pid) and overview is not None:
        out.append(Check("jobmanager", True, f"http://localhost:{REST_PORT}, pid {pid_of(jm_pid)}, "
                                             f"{overview['jobs-running']} jobs running"))
    else:
        out.append(Check("jobmanager", False, f"not answering on http://localhost:{REST_PORT}; log {CLUSTER_DIR}/log/jobmanager.log"))

    # the TaskManager processes started here, and the TaskManagers the JobManager knows
    for f in sorted(os.listdir(CLUSTER_DIR)) if os.path.isdir(CLUSTER_DIR) else []:
        if f.startswith("taskmanager") and f.endswith(".pid") and not pid_alive(os.path.join(CLUSTER_DIR, f)):
            out.append(Check(f[:-4], False, f"process {pid_of(os.path.join(CLUSTER_DIR, f))} is gone; log {CLUSTER_DIR}/log/{f[:-4]}.log"))
    tm_pid = os.path.join(CLUSTER_DIR, "taskmanager.pid")
    if overview is None and pid_alive(tm_pid):
        out.append(Check("taskmanager", True, f"pid {pid_of(tm_pid)}; what it runs is unknown while the JobManager does not answer"))
    if not os.path.exists(tm_pid):
        out.append(Check("taskmanager", False, f"not running; log {CLUSTER_DIR}/log/taskmanager.log"))
    live_tms = None  # the TaskManagers that answer, if the JobManager does
    if overview is not None:
        live_tms = set()
        try:
            for tm in rest("/taskmanagers")["taskmanagers"]:
                late = tm.get("timeSinceLastHeartbeat", 0)
                late_ms = now_ms - late if late > 1e12 else late  # an epoch time in some versions
                # the JobManager lists a killed TaskManager until its heartbeats time out: ask the TaskManager itself
                rpc = re.search(r"@([^:/]+):(\d+)/", tm.get("path", ""))
                answers = rpc is None or port_open(int(rpc.group(2)), rpc.group(1))
                ok = late_ms < HEARTBEAT_LATE_MS and answers
                if ok:
                    live_tms.add(tm["id"])
                why = "" if ok else (" (lost: not answering on its RPC port)" if not answers else " (lost: no heartbeat)")
                out.append(Check("taskmanager " + tm["id"][-6:], ok,
                                 f"{tm['slotsNumber']} slots, {tm['freeSlots']} free, heartbeat {ago(late_ms)} ago" + why))
        except Exception:
            live_tms = None

    for name in JOBS:
        job = jobs[name]
        label = f"job {name}"
        if not job.id:
            out.append(Check(label, False, "never submitted (bin/pipeline up)"))
            continue
        if job.detail is None:
            out.append(Check(label, False, f"{job.id} unknown to the JobManager"))
            continue
        age, any_done = job.checkpoint_age_ms(now_ms)
        fresh = age <= 3 * job.interval_ms + 60_000
        running = job.state == "RUNNING"
        text = (f"{job.state}, "
                + (f"checkpoint {ago(age)} ago" if any_done else f"no checkpoint yet ({ago(age)} up)")
                + f", {job.lines_per_second():,.0f} lines/s")
        if name == "reports":
            text += f", last hour reported {last_hour or 'none yet'}"
        # a job's JobMaster notices a killed TaskManager by its own heartbeats, up to some seconds after
        # the ResourceManager has dropped it: until then the job looks RUNNING but runs nowhere
        lost = job.taskmanager_ids() - live_tms if running and live_tms is not None else set()
        if lost:
            text += f", tasks on a lost TaskManager ({', '.join(sorted(t[-6:] for t in lost))})"
        out.append(Check(label, running and fresh and not lost, text + f" ({job.id})"))

    sup = os.path.join(STATE, "supervisor.pid")
    out.append(Check("supervisor", pid_alive(sup), f"pid {pid_of(sup)}, log {STATE}/log/supervisor.log"
                     if pid_alive(sup) else "not running (bin/pipeline up starts it)"))
    return out


def views():
    return {name: JobView(name) for name in JOBS}


def status():
    results = checks(views(), last_hour_reported())
    for c in results:
        print(c.line())
    return 0 if all(c.ok for c in results) else 1


class Rate:
    """Per-second rate of a counter between two views of the monitor."""

    def __init__(self):
        self.last = None

    def __call__(self, value, now):
        if value is None:
            return None
        rate = None if self.last is None or now <= self.last[1] else max(0.0, (value - self.last[0]) / (now - self.last[1]))
        self.last = (value, now)
        return rate


SENT = Rate()


def monitor_lines():
    now = time.time()
    lines = [f"connwatch pipeline   {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(now))} UTC   (q or Ctrl-C quits)", ""]
    jobs = views()
    last_hour = last_hour_reported()
    fwd, rep = jobs["forwarder"], jobs["reports"]
    read = fwd.lines_per_second() if fwd.detail else 0
    # the Kafka writer counts the records it sends (one per line); Flink refreshes it every few seconds
    forwarded = SENT(fwd.metric((".numRecordsSend",)) if fwd.detail else None, now)
    consumed = rep.lines_per_second() if rep.detail else 0
    lag = rep.metric((".pendingRecords",)) if rep.detail else None
    watermark = rep.metric((".currentInputWatermark",), agg="min", vertex_name="top_source") if rep.detail else None
    late = rep.metric((".linesLate",)) if rep.detail else None
    rejected = rep.metric((".linesRejected",)) if rep.detail else None
    lines.append(f"forwarder  {fwd.state:<11} read {read:>12,.0f} lines/s   sent to topic {'-' if forwarded is None else f'{forwarded:,.0f}':>12} lines/s")
    lines.append(f"reports    {rep.state:<11} read {consumed:>12,.0f} lines/s   consumer lag {'-' if lag is None else f'{lag:,.0f}':>12} lines")
    if watermark and watermark > 0:
        behind = now - watermark / 1000
        wm = f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(watermark / 1000))} ({ago(behind * 1000)} behind the wall clock)"
    else:
        wm = "none yet"
    lines.append(f"           event time  {wm}")
    lines.append(f"           late lines {late or 0:,.0f}   rejected lines {rejected or 0:,.0f}   last hour reported {last_hour or 'none yet'}")
    lines.append("")
    for job in (fwd, rep):
        cp = (job.checkpoints or {}).get("counts", {})
        last = ((job.checkpoints or {}).get("latest") or {}).get("completed") or {}
        age = f"{ago(now * 1000 - last['latest_ack_timestamp'])} ago, {last.get('end_to_end_duration', 0)} ms, " \
              f"{last.get('state_size', 0) / 1e6:.1f} MB" if last else "none yet"
        lines.append(f"checkpoints {job.name:<10} {cp.get('completed', 0)} completed, {cp.get('failed', 0)} failed; last {age}")
    lines.append("")
    lines += [c.line() for c in checks(jobs, last_hour)]
    return lines


def monitor():
    tty = sys.stdin.isatty()
    old = None
    if tty:
        import termios
        import tty as ttymod
        old = termios.tcgetattr(sys.stdin)
        ttymod.setcbreak(sys.stdin.fileno())
    try:
        while True:
            screen = monitor_lines()
            sys.stdout.write(("\033[H\033[2J" if sys.stdout.isatty() else "") + "\n".join(screen) + "\n")
            sys.stdout.flush()
            deadline = time.time() + 2
            while time.time() < deadline:
                if not tty:
                    time.sleep(deadline - time.time())
                    break
                ready, _, _ = select.select([sys.stdin], [], [], max(0, deadline - time.time()))
                if ready and sys.stdin.read(1) in ("q", "Q"):
                    return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if old is not None:
            import termios
            termios.tcsetattr(sys.stdin, termios.TCSADRAIN, old)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "job-state":
        sys.exit(job_state(sys.argv[2]))
    if len(sys.argv) != 2 or sys.argv[1] not in ("status", "monitor"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(status() if sys.argv[1] == "status" else monitor())
