#!/usr/bin/env bash
# Boots servers through the Compute API onto fake hosts and measures servers ACTIVE per second end to
# end and the schedulers' decision latency. Usage (local stack up): bash bench/nova-boot.sh [SERVERS] [HOSTS] [CLIENTS]
# (defaults 500 servers, 100 fake hosts, 8 concurrent API clients). A nova-compute with the fake driver
# serving HOSTS hosts joins the stack for the run; the stack's own compute host is disabled meanwhile,
# and every server the run made, and the fake hosts' services, are deleted at the end. Decision latency
# is this run's share of the schedulers' histograms: p50/p99 interpolated within their buckets, and the
# exact share under 50 ms. CPU seconds per process during the burst come with it.
# With NOVA_BOOT_DISTURB=1 it is a test rather than a measure: once a third of the boots are accepted,
# a scheduler and the fake compute are killed (-9) and restarted, and RabbitMQ is restarted; it fails
# unless every accepted server ends ACTIVE or ERROR and a refused create left no server behind.
set -euo pipefail
cd "$(dirname "$0")/.."
disturb="${NOVA_BOOT_DISTURB:-0}"
# NOVA_BOOT_RATE=N paces the creates at N a second (all clients together) instead of as fast as they go
rate="${NOVA_BOOT_RATE:-0}"
servers="${1:-500}"
hosts="${2:-100}"
clients="${3:-8}"
STRATUS_HOME="${STRATUS_HOME:-$HOME/.stratus}"
source "$STRATUS_HOME/openrc"
work=$(mktemp -d /tmp/nova-bench.XXXXXX)
image=""
own_host=$(openstack compute service list -f value -c Host --service nova-compute | grep -v '^fake-' | head -1)
cleanup() {
  [ -z "$own_host" ] || openstack compute service set --enable "$own_host" nova-compute >/dev/null 2>&1 || true
  [ -f "$work/fake.pid" ] && kill "$(cat "$work/fake.pid")" 2>/dev/null || true
  [ -z "$image" ] || openstack image delete "$image" >/dev/null 2>&1 || true
  # the fake hosts leave the service list with their process
  openstack compute service list -f value -c ID -c Host | awk '$2 ~ /^fake-/ {print $1}' | xargs -r openstack compute service delete 2>/dev/null || true
  [ ! -f "$work/fake-compute.log" ] || cp "$work/fake-compute.log" /tmp/nova-boot-fake-compute.log
  rm -rf "$work"
}
trap cleanup EXIT

# the fake hosts stand in for 100 machines of their own: on this one they run at low priority, so that
# the control plane measured (API, schedulers, conductor, database, broker) is not slowed by the
# work of hosts that would not share its cores
start_fake_compute() {
  nice -n 10 java -Xmx256m -XX:+UseSerialGC -Dquarkus.http.port=8794 -Dnova.compute.driver=fake -Dnova.compute.host=fake \
    -Dnova.compute.fake-hosts="$hosts" -Dnova.compute.instances-dir="$work/instances" \
    -jar nova-compute/target/quarkus-app/quarkus-run.jar >>"$work/fake-compute.log" 2>&1 &
  echo $! >"$work/fake.pid"
}
start_fake_compute
[ -z "$own_host" ] || openstack compute service set --disable --disable-reason benchmark "$own_host" nova-compute >/dev/null
for _ in $(seq 1 60); do
  [ "$(openstack compute service list -f value -c Host -c State | grep -c '^fake-.* up$')" -ge "$hosts" ] && break
  sleep 1
done
openstack quota set --instances -1 --cores -1 --ram -1 admin >/dev/null
qemu-img create -q -f qcow2 "$work/tiny.qcow2" 16M
image=$(openstack image create --disk-format qcow2 --container-format bare --file "$work/tiny.qcow2" bench-boot -f value -c id)
token=$(openstack token issue -f value -c id)

if [ "$disturb" = 1 ]; then
  (
    while [ ! -f "$work/third-accepted" ]; do sleep 0.1; done
    echo "$(date +%T) disturbing: scheduler 1 and the fake compute killed (-9), RabbitMQ restarted"
    kill -9 "$(cat "$STRATUS_HOME/run/nova-scheduler-1.pid")"
    kill -9 "$(cat "$work/fake.pid")"
    rabbitmqctl stop_app >/dev/null && sleep 2 && rabbitmqctl start_app >/dev/null && rabbitmqctl await_startup >/dev/null
    start_fake_compute
    deploy/local/stack.sh up >/dev/null 2>&1
    echo "$(date +%T) disturbing: all back"
    touch "$work/disturbed"
  ) &
fi

python3 - "$servers" "$clients" "$token" "$image" "$disturb" "$work" "$rate" <<'PY'
import json, os, sys, threading, time, urllib.error, urllib.request
servers, clients, token, image, disturb, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1", sys.argv[6]
rate = float(sys.argv[7])
api = "http://127.0.0.1:8774/v2.1"
def call(method, path, body=None):
    request = urllib.request.Request(api + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"X-Auth-Token": token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        data = response.read()
        return json.loads(data) if data else None
ids, refused, errors, lock = [], [], [], threading.Lock()
paced = {"next": 0.0}
def pace():
    """With a rate, waits for this create's turn: creates leave 1/rate seconds apart."""
    if rate <= 0:
        return
    with lock:
        now = time.monotonic()
        turn = max(now, paced["next"])
        paced["next"] = turn + 1.0 / rate
    time.sleep(max(0.0, turn - now))
def boot(count):
    for _ in range(count):
        pace()
        try:
            server = call("POST", "/servers", {"server": {"name": "bench", "imageRef": image, "flavorRef": "1"}})["server"]
        except urllib.error.HTTPError as e:
            with lock:
                # a 503 while disturbed: RabbitMQ away for longer than nova-api waits, and the create undone
                (refused if disturb and e.code == 503 else errors).append(e.code)
            continue
        except OSError as e:
            with lock:
                errors.append(str(e))
            continue
        with lock:
            ids.append(server["id"])
            if len(ids) == servers // 3:
                open(os.path.join(work, "third-accepted"), "w").close()
def cpu_seconds():
    """CPU time of every process so far, by pid: what each service spent during the burst is the difference."""
    times = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            args = open(f"/proc/{pid}/cmdline").read().split("\0")
        except OSError:
            continue
        name = next((a.split("/")[-4] for a in args if a.endswith("quarkus-run.jar")), os.path.basename(args[0]) if args[0] else pid)
        port = next((a.split("=")[1] for a in args if a.startswith("-Dquarkus.http.port=")), "")
        times[pid] = (f"{name}:{port}" if port else name, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    return times
def scheduler_buckets():
    """The schedulers' cumulative timer buckets, summed over both: (timer, upper bound) -> count."""
    buckets = {}
    for port in (8791, 8792):
        try:
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/q/metrics", timeout=10).read().decode()
        except OSError:
            continue
        for line in metrics.splitlines():
            if line.startswith("nova_scheduler_") and "_seconds_bucket{" in line:
                timer = line[len("nova_scheduler_"):line.index("_seconds_bucket")]
                le = line.split('le="')[1].split('"')[0]
                key = (timer, float("inf") if le == "+Inf" else float(le))
                buckets[key] = buckets.get(key, 0) + float(line.rsplit(" ", 1)[1])
    return buckets
buckets_before = scheduler_buckets()
cpu_before = cpu_seconds()
start = time.monotonic()
threads = [threading.Thread(target=boot, args=(servers // clients + (1 if i < servers % clients else 0),)) for i in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
accepted = time.monotonic() - start
# poll the brief list, filtered by status, once a second: the detail view of 500 servers five times a
# second would cost the machine more than the boots themselves
wanted = set(ids)
while True:
    active = len(wanted & {s["id"] for s in call("GET", "/servers?name=%5Ebench%24&status=ACTIVE")["servers"]})
    failed = len(wanted & {s["id"] for s in call("GET", "/servers?name=%5Ebench%24&status=ERROR")["servers"]})
    if disturb:
        print(time.strftime("%H:%M:%S"), f"{active} ACTIVE, {failed} ERROR", flush=True)
    settled = not disturb or os.path.exists(os.path.join(work, "disturbed"))
    if (settled and active + failed == len(ids)) or time.monotonic() - start > (180 if disturb else 600):
        break
    time.sleep(1)
elapsed = time.monotonic() - start
cpu_after = cpu_seconds()
spent = {}
for pid, (name, seconds) in cpu_after.items():
    spent[name] = spent.get(name, 0) + seconds - cpu_before.get(pid, (name, 0))[1]
print("CPU seconds during the burst: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in
      sorted(spent.items(), key=lambda item: -item[1])[:10]))
print(f"servers: {len(ids)} accepted, {len(refused)} refused (503), {active} ACTIVE, {failed} ERROR, "
      f"{len(ids) - active - failed} neither")
print(f"API accepted all in {accepted:.1f} s ({len(ids) / accepted:.1f} creates/s)")
print(f"all ACTIVE after {elapsed:.1f} s: {active / elapsed:.1f} servers ACTIVE/s end to end")
hosts, unsettled = {}, {}
for s in call("GET", "/servers/detail?name=%5Ebench%24")["servers"]:
    hosts[s.get("OS-EXT-SRV-ATTR:host")] = hosts.get(s.get("OS-EXT-SRV-ATTR:host"), 0) + 1
    if s["status"] not in ("ACTIVE", "ERROR"):
        state = (s["status"], s.get("OS-EXT-STS:task_state"), s.get("OS-EXT-SRV-ATTR:host"))
        unsettled[state] = unsettled.get(state, 0) + 1
for (status, task, host), count in sorted(unsettled.items(), key=str):
    print(f"  {count} left {status}, task {task}, host {host}")
print(f"spread: {len(hosts)} hosts, {min(hosts.values())}..{max(hosts.values())} servers each")
buckets_after = scheduler_buckets()
# (disturbed, a scheduler restarted: its histograms start again, and this run's share cannot be told)
for timer in () if disturb else ("decision", "host_states", "claim"):
    # this run's share of the schedulers' cumulative histograms (both schedulers together)
    run = sorted((le, count - buckets_before.get((timer, le), 0)) for (name, le), count in buckets_after.items() if name == timer)
    total = run[-1][1] if run else 0
    def quantile(q):
        lower, below = 0.0, 0
        for le, cumulative in run:
            if cumulative >= q * total:
                return (lower + (le - lower) * (q * total - below) / max(1, cumulative - below)) * 1000
            lower, below = le, cumulative
        return float("inf")
    under_50 = next((c for le, c in run if le == 0.05), 0)
    print(f"scheduler {timer}: {total} this run, p50 {quantile(0.5):.1f} ms, p99 {quantile(0.99):.1f} ms"
          + (f", {100.0 * under_50 / total:.1f}% under 50 ms" if total else ""))
listed = {s["id"] for s in call("GET", "/servers?name=%5Ebench%24")["servers"]}
lost_or_extra = len(listed ^ set(ids))
if lost_or_extra:
    print(f"{lost_or_extra} servers listed that were not accepted, or accepted and not listed")
for i in range(0, len(ids), 50):
    threads = [threading.Thread(target=call, args=("DELETE", "/servers/" + uuid)) for uuid in ids[i:i + 50]]
    for t in threads: t.start()
    for t in threads: t.join()
if errors:
    print(f"{len(errors)} creates failed: {sorted(set(map(str, errors)))}")
undisturbed = disturb and not os.path.exists(os.path.join(work, "disturbed"))
if undisturbed:
    print("the disturbance did not run to its end")
sys.exit(1 if active + failed != len(ids) or lost_or_extra or errors or undisturbed else 0)
PY
