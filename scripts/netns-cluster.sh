#!/usr/bin/env bash
# Runs the separate-hosts drill: arena members in their own Linux network namespaces, bots playing
# from the root namespace, one host cut off and healed. See docs/HOSTS.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/netns-cluster.sh [--no-build] [drill options]
       scripts/netns-cluster.sh --clean
       scripts/netns-cluster.sh --help

Puts each arena member (io.grain.sample.ArenaMember) on a host of its own: a network namespace
grainns-<pid>-h<i> with address 198.18-19.x.(10+i)/24, joined by a veth pair to the bridge gbr<pid>
(198.18-19.x.1, the root namespace, where the bots run). Then cuts the last member's host off (its
link goes down), checks that the others declare it dead within the detection bound (4 s) and that
its grains answer from them, heals the link, and checks that it rejoins as a new incarnation and
that no grain had two live activations for longer than the bound. Prints what it measured; exits
0 when every check passed, 1 when one failed, 2 when it cannot run here.

Needs root and the ip command. Removes every namespace, link, process and Aeron directory it made,
also after a failure or Ctrl-C.

  --no-build            do not (re)build sample-game/target/sample-game.jar first
  --clean               only remove namespaces, links and Aeron directories left by runs that died
  --members <n>         member hosts (default 3)
  --bots <n>            bots (default 20)
  --victim <i>          the member whose host is cut off (default: the last)
  --port <port>         UDP port of every member, each at its own address (default 7000)
  --logs <dir>          members' logs and game data (default target/netns-cluster)
  --member-option <o>   an extra ArenaMember option for every member, repeatable

Environment: JAVA (default: java on the PATH), MVN (default: mvn).
USAGE
}

cd "$(dirname "$0")/.."
jar=sample-game/target/sample-game.jar

# Removes namespaces (grainns-<pid>-h<i>), links (gbr<pid>, gv<pid>h<i>) and Aeron directories
# (/dev/shm/grain-netns-<pid>-*) whose JVM is gone.
clean() {
  local name pid
  for name in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^grainns-[0-9]+-h[0-9]+$' || true); do
    pid=${name#grainns-}; pid=${pid%%-*}
    if ! kill -0 "$pid" 2>/dev/null; then ip netns del "$name" && echo "removed namespace $name"; fi
  done
  for name in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^(gbr[0-9]+|gv[0-9]+h[0-9]+)$' || true); do
    pid=${name#gbr}; pid=${pid#gv}; pid=${pid%%h*}
    if ! kill -0 "$pid" 2>/dev/null; then ip link del "$name" 2>/dev/null && echo "removed link $name"; fi
  done
  for name in /dev/shm/grain-netns-*; do
    [ -d "$name" ] || continue
    pid=${name#/dev/shm/grain-netns-}; pid=${pid%%-*}
    if ! kill -0 "$pid" 2>/dev/null; then rm -rf "$name" && echo "removed Aeron directory $name"; fi
  done
}

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --clean) clean; exit 0 ;;
    --no-build) build=0 ;;
    *) args+=("$arg") ;;
  esac
done

if [ "$(id -u)" != 0 ]; then echo "netns-cluster: needs root (network namespaces, veth links, a bridge)" >&2; exit 2; fi
if ! command -v ip >/dev/null; then echo "netns-cluster: needs the ip command (iproute2)" >&2; exit 2; fi

if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  # package (never install): the jar and its dependencies in sample-game/target/lib
  "${MVN:-mvn}" -B -q -pl sample-game -am package -DskipTests
fi

# a Ctrl-C ends the drill's JVM, whose hooks end the members; what it could not remove goes here
trap clean EXIT
"${JAVA:-java}" --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp "$jar" io.grain.sample.hosts.HostsDrillCommand "${args[@]}"
