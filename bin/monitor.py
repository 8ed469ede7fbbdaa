#!/usr/bin/env python3
"""Live view of a connwatch job from Flink's REST API: records in/out, watermark lag, checkpoints,
late and rejected lines. Usage: monitor.py REST_PORT JOB_ID [SECONDS] (0 or absent: until Ctrl-C)."""
import json
import sys
import time
import urllib.request


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return json.load(r)


def metric_sum(port, job, vertex, names):
    q = ",".join(names)
    try:
        rows = get(port, f"/jobs/{job}/vertices/{vertex}/subtasks/metrics?get={q}&agg=sum,min")
    except Exception:
        return {}
    return {r["id"]: r for r in rows}


def main():
    port, job = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 0
    end = time.time() + seconds if seconds > 0 else None
    while True:
        j = get(port, f"/jobs/{job}")
        cp = get(port, f"/jobs/{job}/checkpoints")
        latest = (cp.get("latest") or {}).get("completed") or {}
        lines = rejected = late = reports = 0
        watermark = None
        for v in j["vertices"]:
            names = [x["id"] for x in get(port, f"/jobs/{job}/vertices/{v['id']}/subtasks/metrics")]
            want = [n for n in names if (n.endswith((".linesRead", ".linesRejected", ".linesLate", ".reportsEmitted"))
                                         and not n.endswith(".tail.linesRead"))
                    or n == "currentInputWatermark" or n.endswith(".currentOutputWatermark")]
            for n, r in metric_sum(port, job, v["id"], want).items():
                if n.endswith(".linesRead") and not n.endswith(".tail.linesRead"):
                    lines += int(r.get("sum", 0))
                elif n.endswith(".linesRejected"):
                    rejected += int(r.get("sum", 0))
                elif n.endswith(".linesLate"):
                    late += int(r.get("sum", 0))
                elif n.endswith(".reportsEmitted"):
                    reports += int(r.get("sum", 0))
                elif n == "currentInputWatermark" and "top_source" in v["name"]:
                    watermark = r.get("min")
        wm = "-"
        if watermark and watermark > 0:
            wm = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(watermark / 1000))
        ck = "none yet"
        if latest:
            ck = f"#{latest['id']} {latest.get('state_size', 0) / 1e6:.1f} MB in {latest.get('end_to_end_duration', 0)} ms"
        print(f"{time.strftime('%H:%M:%S')}  {j['state']:<9} lines {lines:>12,}  rejected {rejected:>8,}  late {late:>8,}  "
              f"reports {reports:>7,}  watermark {wm}  checkpoints {cp['counts']['completed']} (last {ck})", flush=True)
        if j["state"] in ("FINISHED", "FAILED", "CANCELED") or (end and time.time() >= end):
            return
        time.sleep(2)


if __name__ == "__main__":
    main()
