#!/usr/bin/env bash
# Where the Wasm module's time goes, stage by stage: copies of the policy with one stage of the
# decision's else chain skipped (its condition made false), or a part of the allow document made
# constant, evaluated side by side with the policy as it is (docs/benchmarks.md, "Wasm
# evaluation, step by step"). A variant's saving against "full" is what that part costs.
#   pdp-service/bench/rule-cost-bench.sh [policies dir] [wasm-eval-bench options…]
# The variants decide differently from the policy (that is the point); nothing here is shipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
policies=$(realpath "${1:-policies-rego}")
[ $# -gt 0 ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# variant <name> <perl substitution on mcp/authz/decision.rego>: fails when it changes nothing.
variant() {
  cp -r "$policies" "$work/$1"
  perl -0pi -e "$2" "$work/$1/mcp/authz/decision.rego"
  if cmp -s "$policies/mcp/authz/decision.rego" "$work/$1/mcp/authz/decision.rego"; then
    echo "variant $1: the substitution matched nothing in decision.rego" >&2
    exit 1
  fi
  list="$list,$1=$work/$1"
}

list="full=$policies"
for stage in origin.reasons authn.reasons session.state_reasons item_reasons grants.reasons call_reasons \
  scopes.reasons session.flow_reasons session.budget_reasons; do
  variant "skip_${stage#session.}" "s/(\\t\\Q$stage\\E) != set\\(\\)/\\tfalse/"
done
variant allow_reason_constant 's/"message": sprintf\("%s allowed on server %q", \[judged, input.route.server\]\)/"message": "allowed"/'
variant allow_obligations_empty 's/"obligations": object.union\(redact_obligation, session.obligations\)/"obligations": {}/'
# Only the fixed cost: the input parsed, a constant document dumped.
mkdir -p "$work/constant/mcp/authz"
cp -r "$policies/mcp/config" "$work/constant/mcp/"
printf 'package mcp.authz\n\ndecision := {"allow": true, "action_class": "none", "reasons": [], "obligations": {}}\n' \
  >"$work/constant/mcp/authz/decision.rego"
list="$list,constant=$work/constant"

pdp-service/bench/wasm-eval-bench.sh "--policies=$list" "$@"
