#!/usr/bin/env bash
# Entrypoint of the flaude-action reviewer image: validate the environment, prepare the
# workspace with git, run Claude Code once in print mode, and report through marker lines.
# The contract (environment, lines, exit codes) is documented in container/README.md; the
# action parses these lines, so change them only together with src/fly/logs/markers.ts.
set -Eeuo pipefail

# Exit codes of the entrypoint itself. Any other code is Claude Code's own.
readonly EXIT_CONFIG=2     # the environment is invalid; nothing was done
readonly EXIT_CLONE=3      # a repository could not be fetched or checked out
readonly EXIT_SETUP=4      # the workspace or the user could not be prepared, or a bug here
readonly EXIT_TIMEOUT=124  # FLAUDE_TIMEOUT_SECONDS elapsed (GNU timeout's code)
readonly EXIT_NO_CLAUDE=127

# One line per path makes a huge repository a huge log line; Fly's log shipping may cut it.
readonly MANIFEST_MAX_FILES=2000
# Shallow fetches deepen by depth, 2*depth, 4*depth, ... this many times before unshallowing.
readonly DEEPEN_MAX_STEPS=6
# Grace between the polite signal and SIGKILL, both on timeout and on a forwarded stop.
readonly KILL_AFTER=10s
# After FLAUDE_DEADLINE_SECONDS, how long the entrypoint has to stop Claude (KILL_AFTER) and
# print its marker before it is killed and the watchdog prints the marker itself.
readonly DEADLINE_KILL_AFTER=20s

# Fly's log service merges stdout and stderr anyway, and the seed entrypoint's errors on
# stderr went missing; a single stream also keeps every line in order.
exec 2>&1

exit_marker_printed=0
claude_pid=""
claude_launching=0
failed_command=""
# What the entrypoint is doing, for the message when the machine's deadline passes.
phase="preparing the workspace"

say() { printf '[flaude] %s\n' "$*"; }
error() { printf '[flaude:error] %s\n' "$*"; }

# The only way out: the marker is the last line, and the process exits with its code.
finish() {
  exit_marker_printed=1
  if [[ -n ${deadline_marker_file:-} ]]; then printf 1 >"$deadline_marker_file" 2>/dev/null || true; fi
  printf '[flaude:exit:%d]\n' "$1"
  exit "$1"
}

# set -e ends the script on an unexpected failure; the marker must still be printed.
# shellcheck disable=SC2317 # trap handler
on_exit() {
  if ((exit_marker_printed == 0)); then
    exit_marker_printed=1
    if [[ -n ${deadline_marker_file:-} ]]; then printf 1 >"$deadline_marker_file" 2>/dev/null || true; fi
    error "entrypoint failed unexpectedly${failed_command:+ ($failed_command)}"
    printf '[flaude:exit:%d]\n' "$EXIT_SETUP"
    exit "$EXIT_SETUP"
  fi
}

# Whatever Claude left running in its process group (a tool's background job) would keep
# writing after the exit marker, and locally keep the output pipe open: end it.
reap_process_group() { kill -s KILL -- "-$1" 2>/dev/null || true; }

# Fly stops a machine with SIGINT by default (stop_config.signal), SIGTERM on request.
# shellcheck disable=SC2317 # trap handler
on_signal() {
  local name=$1 code=$2 pid=$claude_pid rc=0
  trap '' TERM INT HUP
  # A signal between `&` and the assignment of claude_pid: $! is already Claude's.
  if [[ -z $pid ]] && ((claude_launching == 1)); then pid=$!; fi
  if [[ -n $pid ]]; then
    # timeout(1) relays the signal to its whole process group (Claude and Claude's
    # tools) and sends SIGKILL after KILL_AFTER if Claude ignores it.
    kill -s "$name" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || rc=$?
    reap_process_group "$pid"
    error "received SIG$name: Claude Code was stopped (it exited with code $rc)"
  else
    error "received SIG$name before Claude Code started"
  fi
  finish "$code"
}

trap 'failed_command="line $LINENO: $BASH_COMMAND"' ERR
trap on_exit EXIT
trap 'on_signal TERM 143' TERM
trap 'on_signal INT 130' INT
trap 'on_signal HUP 129' HUP

# A value quoted in an error message: one line, bounded. Never used for secrets.
quoted() {
  local v=$1
  v=${v//$'\n'/\\n}
  v=${v//$'\r'/\\r}
  v=${v//$'\t'/\\t}
  if ((${#v} > 80)); then v="${v:0:77}..."; fi
  printf '"%s"' "$v"
}

# Aliases (opus), full names, [1m] context suffixes, Bedrock and Vertex ids; no spaces or
# leading '-', which Claude Code would read as an option.
readonly MODEL_PATTERN='^[A-Za-z0-9][]A-Za-z0-9._:/@+=,[-]*$'

is_positive_integer() { [[ $1 =~ ^[1-9][0-9]{0,8}$ ]]; }
# Dollars as Claude Code's --max-budget-usd takes them: a plain decimal above zero.
is_positive_amount() { [[ $1 =~ ^[0-9]{1,6}(\.[0-9]{1,6})?$ && $1 =~ [1-9] ]]; }
has_control_character() { [[ $1 =~ [[:cntrl:]] ]]; }

# ---------------------------------------------------------------------------------------
# The machine's deadline
# ---------------------------------------------------------------------------------------

# FLAUDE_DEADLINE_SECONDS bounds the whole run, the clone and every fetch included, not only
# Claude (FLAUDE_TIMEOUT_SECONDS): a machine whose git server stalls still exits in time,
# and Fly's auto_destroy removes it even when no runner is left to destroy it. The entrypoint
# runs itself again under timeout(1), which at the deadline sends SIGUSR1 to the whole
# process group (the entrypoint and any git it waits on; Claude has its own group, which
# on_deadline stops) and SIGKILL after DEADLINE_KILL_AFTER. This first process only waits,
# passes a stop signal on, and prints the marker itself when the run was killed before it
# could.
deadline_seconds=${FLAUDE_DEADLINE_SECONDS:-}
# Set in the watched run: the file its finish() touches, so the watchdog knows a marker is out.
deadline_marker_file=${FLAUDE_DEADLINE_WATCHED:-}
unset FLAUDE_DEADLINE_WATCHED

# shellcheck disable=SC2317 # trap handler
forward_stop() {
  kill -s "$1" "$watched_pid" 2>/dev/null || true
}

watch_deadline() {
  local rc=0 started=$SECONDS marker_file
  if ! is_positive_integer "$deadline_seconds"; then
    error "FLAUDE_DEADLINE_SECONDS must be a positive integer (seconds): $(quoted "$deadline_seconds")"
    finish "$EXIT_CONFIG"
  fi
  marker_file=$(mktemp) || {
    error "cannot create a temporary file for the deadline watchdog"
    finish "$EXIT_SETUP"
  }
  trap 'forward_stop TERM' TERM
  trap 'forward_stop INT' INT
  trap 'forward_stop HUP' HUP
  FLAUDE_DEADLINE_WATCHED=$marker_file timeout --preserve-status --signal=USR1 \
    --kill-after="$DEADLINE_KILL_AFTER" "$deadline_seconds" "${BASH:-bash}" "${BASH_SOURCE[0]}" "$@" &
  watched_pid=$!
  # A trapped signal interrupts wait (status > 128) while the run goes on: wait again.
  while :; do
    rc=0
    wait "$watched_pid" || rc=$?
    if ! kill -0 "$watched_pid" 2>/dev/null; then break; fi
  done
  if [[ ! -s $marker_file ]] && ((SECONDS - started >= deadline_seconds)); then
    rm -f "$marker_file"
    error "the machine's deadline of $deadline_seconds s (FLAUDE_DEADLINE_SECONDS) passed and the entrypoint was killed before it stopped"
    finish "$EXIT_TIMEOUT"
  fi
  rm -f "$marker_file"
  # The run printed its marker (or died without one, which the action reports as such).
  exit_marker_printed=1
  exit "$rc"
}

# shellcheck disable=SC2317 # trap handler
on_deadline() {
  local pid=$claude_pid rc=0
  trap '' TERM INT HUP USR1
  if [[ -z $pid ]] && ((claude_launching == 1)); then pid=$!; fi
  if [[ -n $pid ]]; then phase="Claude Code ran"; fi
  error "the machine's deadline of $deadline_seconds s (FLAUDE_DEADLINE_SECONDS) passed while $phase: stopping"
  if [[ -n $pid ]]; then
    kill -s TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || rc=$?
    reap_process_group "$pid"
    say "Claude Code was stopped (it exited with code $rc)"
  fi
  finish "$EXIT_TIMEOUT"
}

if [[ -n $deadline_seconds && -z $deadline_marker_file ]]; then watch_deadline "$@"; fi
if [[ -n $deadline_marker_file ]]; then trap on_deadline USR1; fi

# Claude Code flags this entrypoint passes itself: FLAUDE_CLAUDE_ARGS may not set them (alone
# or as --flag=value), nor end the options with --. Keep in step with CONTAINER_CLAUDE_FLAGS
# in src/fly/api/machine-config.ts.
readonly OWNED_FLAGS='["-p", "--print", "--output-format", "--verbose", "--dangerously-skip-permissions",
  "--model", "--max-turns", "--max-budget-usd", "--allowedTools", "--allowed-tools",
  "--disallowedTools", "--disallowed-tools", "--append-system-prompt", "--json-schema",
  "--setting-sources", "--strict-mcp-config"]'

# ---------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------

config_errors=()
config_error() { config_errors+=("$1"); }

workspace_root=""
output_format=""
timeout_seconds=""
max_turns=""
model=""
max_budget=""
allowed_tools=""
disallowed_tools=""
append_system_prompt=""
json_schema=""
extra_args=()
run_user=""
claude_github_token=0
repo_count=0
# Per repository, indexed like FLAUDE_REPOS.
repo_url=()
repo_ref=()
repo_sha=()
repo_base=()
repo_dir=()
repo_depth=()

# Structure and types of FLAUDE_REPOS, one message per problem. Control characters are
# refused here so that the string checks below can read fields line by line.
# shellcheck disable=SC2016 # a jq program: $i and $r are jq variables
readonly REPOS_SCHEMA_CHECK='
  def field_errors($i; $r):
    (if ($r.url | type) != "string" or $r.url == ""
       then "FLAUDE_REPOS[\($i)].url is required and must be a non-empty string" else empty end),
    (["url", "ref", "sha", "base_ref", "target_dir"][] as $k
       | select($r[$k] != null)
       | if ($r[$k] | type) != "string" then "FLAUDE_REPOS[\($i)].\($k) must be a string"
         elif ($r[$k] | explode | any(. < 32 or . == 127)) then "FLAUDE_REPOS[\($i)].\($k) contains control characters"
         else empty end),
    (select($r.depth != null and (($r.depth | type) != "number" or $r.depth < 0 or ($r.depth | floor) != $r.depth))
       | "FLAUDE_REPOS[\($i)].depth must be a non-negative integer (0 = full history)"),
    (($r | keys) - ["url", "ref", "sha", "base_ref", "target_dir", "depth"]
       | select(length > 0)
       | "FLAUDE_REPOS[\($i)] has unknown keys: \(join(", ")) (allowed: url, ref, sha, base_ref, target_dir, depth)");
  if type != "array" then "FLAUDE_REPOS must be a JSON list of repository objects, got a JSON \(type)"
  else to_entries[] | .key as $i | .value as $r
    | if ($r | type) != "object" then "FLAUDE_REPOS[\($i)] must be an object, got a JSON \($r | type)"
      else field_errors($i; $r) end
  end'

# FLAUDE_CLAUDE_ARGS: a list of strings, the first an option, none a flag of ours. One message
# per problem; values are quoted through tojson (one line, bounded).
# shellcheck disable=SC2016 # a jq program: $i, $a, $flag and $owned are jq variables
readonly CLAUDE_ARGS_CHECK='
  def q: .[0:80] | tojson;
  if type != "array" then "FLAUDE_CLAUDE_ARGS must be a JSON list of strings, got a JSON \(type)"
  else to_entries[] | .key as $i | .value as $a
    | (if ($a | type) == "string" then ($a | split("="))[0] // "" else "" end) as $flag
    | if ($a | type) != "string" then "FLAUDE_CLAUDE_ARGS[\($i)] must be a string, got a JSON \($a | type)"
      elif ($a | explode | any(. == 0)) then "FLAUDE_CLAUDE_ARGS[\($i)] contains a NUL character"
      elif $a == "--" then "FLAUDE_CLAUDE_ARGS[\($i)] is \"--\": the entrypoint ends the options itself, before the prompt"
      elif ($flag | startswith("--")) and ($owned | map(. == $flag) | any)
        then "FLAUDE_CLAUDE_ARGS[\($i)] \($a | q) sets \($flag), which the entrypoint sets itself"
      elif ($a | test("^-[A-Za-z]*p")) then "FLAUDE_CLAUDE_ARGS[\($i)] \($a | q) sets -p, which the entrypoint sets itself"
      elif $i == 0 and ($a | startswith("-") | not) then "FLAUDE_CLAUDE_ARGS[0] must be an option (start with \"-\"): \($a | q)"
      else empty end
  end'

# A comma-separated tool list, passed to Claude Code as one option value.
validate_tool_list() {
  local name=$1 value=$2
  if [[ -z $value ]]; then return 0; fi
  if has_control_character "$value" || [[ $value == -* || $value == [[:space:]]* ]]; then
    config_error "$name must be a comma-separated list of tool names without control characters or a leading '-': $(quoted "$value")"
  fi
}

validate_claude_args() {
  if [[ -z ${FLAUDE_CLAUDE_ARGS:-} ]]; then return 0; fi
  local problems line
  if ! jq -e -s 'length == 1' >/dev/null 2>&1 <<<"$FLAUDE_CLAUDE_ARGS" ||
    ! problems=$(jq -r --argjson owned "$OWNED_FLAGS" "$CLAUDE_ARGS_CHECK" <<<"$FLAUDE_CLAUDE_ARGS" 2>/dev/null); then
    config_error "FLAUDE_CLAUDE_ARGS is not valid JSON (expected a list of strings)"
    return 0
  fi
  if [[ -n $problems ]]; then
    while IFS= read -r line; do config_error "$line"; done <<<"$problems"
    return 0
  fi
  # One argv element per string, NUL-separated: no word splitting, no globbing, no eval.
  mapfile -d '' -t extra_args < <(jq -j '.[] | (., "\u0000")' <<<"$FLAUDE_CLAUDE_ARGS")
}

# Claude Code reads --json-schema as a JSON Schema and takes nothing but an object; checking
# here turns a bad value into a config error instead of a run without structured output.
validate_json_schema() {
  json_schema=${FLAUDE_JSON_SCHEMA:-}
  if [[ -z $json_schema ]]; then return 0; fi
  local kind
  if ! jq -e -s 'length == 1' >/dev/null 2>&1 <<<"$json_schema" ||
    ! kind=$(jq -r 'type' <<<"$json_schema" 2>/dev/null); then
    config_error "FLAUDE_JSON_SCHEMA is not valid JSON (expected one JSON object, a JSON Schema)"
  elif [[ $kind != object ]]; then
    config_error "FLAUDE_JSON_SCHEMA must be a JSON object (a JSON Schema), got a JSON $kind"
  fi
}

repo_field() { jq -r --argjson i "$1" --arg k "$2" '.[$i][$k] // "" | tostring' <<<"$FLAUDE_REPOS"; }

validate_ref() {
  local what=$1 ref=$2
  if [[ $ref == -* ]] || ! git check-ref-format --allow-onelevel "$ref" >/dev/null 2>&1; then
    config_error "$what is not a valid git ref name: $(quoted "$ref")"
    return 1
  fi
}

validate_repos() {
  if [[ -z ${FLAUDE_REPOS:-} ]]; then return 0; fi
  local problems
  # jq reads a stream of values; exactly one makes a JSON document.
  if ! jq -e -s 'length == 1' >/dev/null 2>&1 <<<"$FLAUDE_REPOS" ||
    ! problems=$(jq -r "$REPOS_SCHEMA_CHECK" <<<"$FLAUDE_REPOS" 2>/dev/null); then
    config_error "FLAUDE_REPOS is not valid JSON (expected a list of {url, ref, sha, base_ref, target_dir, depth})"
    return 0
  fi
  if [[ -n $problems ]]; then
    local line
    while IFS= read -r line; do config_error "$line"; done <<<"$problems"
    return 0
  fi

  repo_count=$(jq 'length' <<<"$FLAUDE_REPOS")
  local i j url ref sha base dir depth name
  for ((i = 0; i < repo_count; i++)); do
    url=$(repo_field "$i" url)
    ref=$(repo_field "$i" ref)
    sha=$(repo_field "$i" sha)
    base=$(repo_field "$i" base_ref)
    dir=$(repo_field "$i" target_dir)
    depth=$(repo_field "$i" depth)

    # Credentials travel only through the credential helper (GITHUB_TOKEN), never in a URL
    # that git would store in .git/config and print in its messages. The URL itself is
    # not quoted back: it is the thing that may hold a secret.
    if [[ $url =~ ^[hH][tT][tT][pP][sS]?://[^/]*@ || $url =~ ^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@]*:[^/@]*@ ]]; then
      config_error "FLAUDE_REPOS[$i].url must not contain credentials; pass GITHUB_TOKEN instead"
    elif [[ $url == -* ]]; then
      config_error "FLAUDE_REPOS[$i].url must not start with '-': $(quoted "$url")"
    fi

    if [[ -n $sha ]]; then
      if [[ $sha =~ ^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$ ]]; then
        sha=${sha,,}
      else
        config_error "FLAUDE_REPOS[$i].sha must be a full commit SHA (40 or 64 hex digits): $(quoted "$sha")"
      fi
    fi
    if [[ -n $ref ]]; then validate_ref "FLAUDE_REPOS[$i].ref" "$ref" || true; fi
    if [[ -n $base ]]; then
      base=${base#refs/heads/}
      if [[ $base == refs/* ]]; then
        config_error "FLAUDE_REPOS[$i].base_ref must be a branch name: $(quoted "$base")"
      else
        validate_ref "FLAUDE_REPOS[$i].base_ref" "$base" || true
      fi
    fi

    if [[ -z $dir ]]; then
      name=${url%/}
      name=${name##*/}
      name=${name##*:}
      dir=${name%.git}
    fi
    while [[ $dir == ./* ]]; do dir=${dir#./}; done
    while [[ $dir == */ ]]; do dir=${dir%/}; done
    if [[ -z $dir || $dir == . || $dir == /* || /$dir/ == */../* ]]; then
      config_error "FLAUDE_REPOS[$i].target_dir must be a relative path inside the workspace without '..': $(quoted "$dir")"
    fi
    for ((j = 0; j < i; j++)); do
      if [[ $dir == "${repo_dir[j]}" || $dir == "${repo_dir[j]}"/* || ${repo_dir[j]} == "$dir"/* ]]; then
        config_error "FLAUDE_REPOS[$i] and FLAUDE_REPOS[$j] would share the directory $(quoted "$dir"); set target_dir"
      fi
    done

    repo_url+=("$url")
    repo_ref+=("$ref")
    repo_sha+=("$sha")
    repo_base+=("$base")
    repo_dir+=("$dir")
    repo_depth+=("${depth:-0}")
  done
}

validate_config() {
  if [[ -z ${FLAUDE_PROMPT:-} || -z ${FLAUDE_PROMPT//[[:space:]]/} ]]; then
    config_error "FLAUDE_PROMPT is required and must not be empty"
  fi

  # An empty variable counts as unset, and is removed so Claude Code does not see it.
  if [[ -z ${CLAUDE_CODE_OAUTH_TOKEN:-} ]]; then unset CLAUDE_CODE_OAUTH_TOKEN; fi
  if [[ -z ${ANTHROPIC_API_KEY:-} ]]; then unset ANTHROPIC_API_KEY; fi
  if [[ -z ${CLAUDE_CODE_OAUTH_TOKEN:-} && -z ${ANTHROPIC_API_KEY:-} ]]; then
    config_error "set exactly one of CLAUDE_CODE_OAUTH_TOKEN or ANTHROPIC_API_KEY (neither is set)"
  elif [[ -n ${CLAUDE_CODE_OAUTH_TOKEN:-} && -n ${ANTHROPIC_API_KEY:-} ]]; then
    config_error "set exactly one of CLAUDE_CODE_OAUTH_TOKEN or ANTHROPIC_API_KEY (both are set)"
  fi

  output_format=${FLAUDE_OUTPUT_FORMAT:-stream-json}
  case $output_format in
    stream-json | json | text) ;;
    *) config_error "FLAUDE_OUTPUT_FORMAT must be one of stream-json, json, text: $(quoted "$output_format")" ;;
  esac

  timeout_seconds=${FLAUDE_TIMEOUT_SECONDS:-}
  if [[ -n $timeout_seconds ]] && ! is_positive_integer "$timeout_seconds"; then
    config_error "FLAUDE_TIMEOUT_SECONDS must be a positive integer (seconds): $(quoted "$timeout_seconds")"
  fi
  max_turns=${FLAUDE_MAX_TURNS:-}
  if [[ -n $max_turns ]] && ! is_positive_integer "$max_turns"; then
    config_error "FLAUDE_MAX_TURNS must be a positive integer: $(quoted "$max_turns")"
  fi
  model=${FLAUDE_MODEL:-}
  if [[ -n $model && ! $model =~ $MODEL_PATTERN ]]; then
    config_error "FLAUDE_MODEL is not a model name: $(quoted "$model")"
  fi

  max_budget=${FLAUDE_MAX_BUDGET_USD:-}
  if [[ -n $max_budget ]] && ! is_positive_amount "$max_budget"; then
    config_error "FLAUDE_MAX_BUDGET_USD must be a positive amount of US dollars (e.g. 5 or 0.50): $(quoted "$max_budget")"
  fi
  allowed_tools=${FLAUDE_ALLOWED_TOOLS:-}
  validate_tool_list FLAUDE_ALLOWED_TOOLS "$allowed_tools"
  disallowed_tools=${FLAUDE_DISALLOWED_TOOLS:-}
  validate_tool_list FLAUDE_DISALLOWED_TOOLS "$disallowed_tools"
  append_system_prompt=${FLAUDE_APPEND_SYSTEM_PROMPT:-}
  if [[ -n $append_system_prompt && -z ${append_system_prompt//[[:space:]]/} ]]; then
    config_error "FLAUDE_APPEND_SYSTEM_PROMPT must not be blank (leave it unset instead)"
  fi
  validate_claude_args
  validate_json_schema

  workspace_root=${FLAUDE_WORKSPACE:-/workspace}
  while [[ $workspace_root == */ && $workspace_root != / ]]; do workspace_root=${workspace_root%/}; done
  if [[ $workspace_root != /* || /$workspace_root/ == */../* ]]; then
    config_error "FLAUDE_WORKSPACE must be an absolute path without '..': $(quoted "$workspace_root")"
  fi
  run_user=${FLAUDE_USER:-claude}
  if [[ ! $run_user =~ ^[a-z_][a-z0-9_-]{0,31}$ ]]; then
    config_error "FLAUDE_USER is not a user name: $(quoted "$run_user")"
  fi
  claude_github_token=${FLAUDE_CLAUDE_GITHUB_TOKEN:-0}
  if [[ $claude_github_token != [01] ]]; then
    config_error "FLAUDE_CLAUDE_GITHUB_TOKEN must be 0 or 1 (or empty for 0): $(quoted "$claude_github_token")"
  fi

  validate_repos
}

# ---------------------------------------------------------------------------------------
# Repositories
# ---------------------------------------------------------------------------------------

# During the clone the token reaches git only through this helper, which reads the variable
# when git asks: it is never in a URL, never in .git/config, never in an argument list or a
# log line. After the clone it leaves (hand_over_github_token).
# The empty helper first drops any helper from system or global config.
git_auth=(-c credential.helper=)
if [[ -n ${GITHUB_TOKEN:-}${GH_TOKEN:-} ]]; then
  # shellcheck disable=SC2016 # expanded by the helper's shell when git calls it, not here
  git_auth+=(-c 'credential.helper=!f() { test "$1" = get || exit 0; echo username=x-access-token; echo "password=${GITHUB_TOKEN:-${GH_TOKEN:-}}"; }; f')
fi

git_output=""
# git with its output captured in git_output. Prompts are off: a missing credential must
# fail, not wait for a terminal that does not exist. GIT_CONFIG_COUNT/KEY/VALUE from the
# environment (url.*.insteadOf rewrites) pass through untouched.
git_quiet() {
  git_output=$(GIT_TERMINAL_PROMPT=0 GIT_ASKPASS='' SSH_ASKPASS='' git "$@" 2>&1) && return 0
  return 1
}

# Git's messages, with any token that reached them masked all the same.
print_git_output() {
  local line
  while IFS= read -r line; do
    if [[ -n ${GITHUB_TOKEN:-} ]]; then line=${line//"$GITHUB_TOKEN"/***}; fi
    if [[ -n ${GH_TOKEN:-} ]]; then line=${line//"$GH_TOKEN"/***}; fi
    error "  git: $line"
  done <<<"$git_output"
}

clone_failed() {
  error "$1"
  finish "$EXIT_CLONE"
}

# After a failed git_quiet: the message, then what git said.
git_failed() {
  error "$1"
  if [[ -n $git_output ]]; then print_git_output; fi
  finish "$EXIT_CLONE"
}

# Where a fetched ref is kept: branches as remote-tracking branches (so origin/<name>
# works as usual), other refs (refs/pull/N/head, tags) under their own name.
local_ref_for() {
  case $1 in
    refs/heads/*) printf 'refs/remotes/origin/%s' "${1#refs/heads/}" ;;
    refs/*) printf '%s' "$1" ;;
    *) printf 'refs/remotes/origin/%s' "$1" ;;
  esac
}

# git fetch in one repository with credentials offered; tags are left out (a review does
# not need them). Arguments: the directory, then fetch's options, remote and refspecs.
fetch() {
  git_quiet "${git_auth[@]}" -C "$1" fetch --quiet --no-tags --no-write-fetch-head "${@:2}"
}

has_commit() { git -C "$1" cat-file -e "$2^{commit}" 2>/dev/null; }

clone_repo() {
  local i=$1
  local url=${repo_url[i]} ref=${repo_ref[i]} sha=${repo_sha[i]} base=${repo_base[i]}
  local depth=${repo_depth[i]} dir="$workspace_root/${repo_dir[i]}"
  local depth_args=() head_spec="" base_spec="" target head detail=""

  if [[ -n $ref ]]; then detail+=" ($ref)"; fi
  if [[ -n $sha ]]; then detail+=" at $sha"; fi
  detail+=" into $dir"
  if [[ -n $base ]]; then detail+=", base $base"; fi
  if ((depth > 0)); then detail+=", depth $depth"; else detail+=", full history"; fi
  say "Cloning $url$detail"

  if [[ -e $dir && -n $(ls -A "$dir" 2>/dev/null) ]]; then
    clone_failed "FLAUDE_REPOS[$i]: $dir already exists and is not empty"
  fi
  mkdir -p "$dir" || clone_failed "FLAUDE_REPOS[$i]: cannot create $dir"
  git_quiet init --quiet "$dir" || git_failed "FLAUDE_REPOS[$i]: git init failed in $dir"
  # The clean URL: the token never becomes part of it (see git_auth).
  git_quiet -C "$dir" remote add origin "$url" || git_failed "FLAUDE_REPOS[$i]: cannot add remote origin"

  if ((depth > 0)); then depth_args=(--depth "$depth"); fi
  if [[ -n $ref ]]; then
    head_spec="+$ref:$(local_ref_for "$ref")"
  elif [[ -z $sha ]]; then
    head_spec="+HEAD:refs/remotes/origin/HEAD"
  fi
  if [[ -n $base ]]; then base_spec="+refs/heads/$base:refs/remotes/origin/$base"; fi

  # The ref first: every server serves refs. The SHA is fetched by itself only when the
  # ref does not contain it (the branch moved on since the event, was deleted, or no ref
  # was given); GitHub serves reachable commits by SHA, and fork heads live on the base
  # repository under refs/pull/N/head.
  if [[ -n $head_spec ]] && ! fetch "$dir" "${depth_args[@]}" origin "$head_spec"; then
    if [[ -z $sha ]]; then
      git_failed "FLAUDE_REPOS[$i]: cannot fetch ${ref:-the default branch} from $url"
    fi
    say "Cannot fetch $ref from $url; fetching commit $sha by itself"
  fi
  if [[ -n $sha ]] && ! has_commit "$dir" "$sha"; then
    fetch "$dir" "${depth_args[@]}" origin "$sha" ||
      git_failed "FLAUDE_REPOS[$i]: cannot fetch commit $sha from $url"
  fi
  if [[ -n $base_spec ]]; then
    fetch "$dir" "${depth_args[@]}" origin "$base_spec" ||
      git_failed "FLAUDE_REPOS[$i]: cannot fetch base branch $base from $url"
  fi

  if [[ -n $sha ]]; then
    target=$sha
  elif [[ -n $ref ]]; then
    target=$(local_ref_for "$ref")
  else
    target=refs/remotes/origin/HEAD
  fi
  git_quiet -C "$dir" -c advice.detachedHead=false checkout --quiet --detach "$target" ||
    git_failed "FLAUDE_REPOS[$i]: cannot check out $target"
  head=$(git -C "$dir" rev-parse HEAD)
  if [[ -n $sha && $head != "$sha" ]]; then
    clone_failed "FLAUDE_REPOS[$i]: HEAD is $head after checkout, expected $sha"
  fi

  if [[ -n $base_spec ]]; then
    if ((depth > 0)); then
      deepen_to_merge_base "$i" "$dir" "$base" "${sha:-$head_spec}" "$base_spec"
    fi
    if ! has_merge_base "$dir" "$base"; then
      say "Note: HEAD and origin/$base share no history, so 'git diff origin/$base...HEAD' cannot work"
    fi
  fi
  say "Checked out $head in $dir"
}

has_merge_base() { git -C "$1" merge-base HEAD "refs/remotes/origin/$2" >/dev/null 2>&1; }
is_shallow() { [[ $(git -C "$1" rev-parse --is-shallow-repository) == true ]]; }

# A shallow fetch has no common ancestor yet when the branch forked more than `depth`
# commits ago, and `git diff origin/<base>...HEAD` needs one. Deepen both histories in
# growing steps; fetch everything only when that does not find it.
deepen_to_merge_base() {
  local i=$1 dir=$2 base=$3 head_want=$4 base_spec=$5 step=${repo_depth[$1]} n
  for ((n = 0; n < DEEPEN_MAX_STEPS; n++)); do
    if has_merge_base "$dir" "$base" || ! is_shallow "$dir"; then return 0; fi
    say "No common ancestor with origin/$base yet; deepening by $step commits"
    fetch "$dir" --deepen="$step" origin "$head_want" "$base_spec" ||
      git_failed "FLAUDE_REPOS[$i]: cannot deepen the history of $dir"
    step=$((step * 2))
  done
  if has_merge_base "$dir" "$base" || ! is_shallow "$dir"; then return 0; fi
  say "Still no common ancestor with origin/$base; fetching the full history"
  fetch "$dir" --unshallow origin "$head_want" "$base_spec" ||
    git_failed "FLAUDE_REPOS[$i]: cannot fetch the full history of $dir"
}

# ---------------------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------------------

# Tracked files of each repository (paths relative to the directory Claude starts in), or
# the plain files of a workspace without repositories.
list_workspace_files() {
  local cwd=$1 i prefix
  if ((repo_count == 0)); then
    find "$cwd" -mindepth 1 \( -name .git -o -name node_modules \) -prune -o -type f -printf '%P\0' |
      sort -z | jq -Rs 'split("\u0000") | map(select(length > 0))'
    return
  fi
  for ((i = 0; i < repo_count; i++)); do
    prefix=""
    if ((repo_count > 1)); then prefix="${repo_dir[i]}/"; fi
    git -C "$workspace_root/${repo_dir[i]}" -c core.quotePath=false ls-files -z |
      jq -Rs --arg prefix "$prefix" 'split("\u0000") | map(select(length > 0) | $prefix + .)'
  done
}

print_manifest() {
  local cwd=$1 manifest
  manifest=$(list_workspace_files "$cwd" | jq -cs --arg ws "$cwd" --argjson max "$MANIFEST_MAX_FILES" \
    'add // [] | {workspace: $ws, files: .[:$max], truncated: (length > $max), total: length}')
  printf '[flaude:manifest:%s]\n' "$manifest"
}

# ---------------------------------------------------------------------------------------
# The GitHub token after the clone
# ---------------------------------------------------------------------------------------

# The home directory Claude Code will run with: its global git configuration is there.
claude_home() {
  if ((EUID == 0)) && id -u "$run_user" >/dev/null 2>&1; then
    getent passwd "$run_user" | cut -d: -f6
  else
    printf '%s' "${HOME:-}"
  fi
}

# The origin ("file:<path>", "command line:") of the first git setting that Claude would see
# in directory $1 holding one of the tokens given after it; nothing when none does. The
# values are compared here, in the shell: a token never becomes an argument of grep.
git_config_holding_token() {
  local dir=$1 home origin entry token
  shift
  home=$(claude_home)
  while IFS= read -r -d '' origin && IFS= read -r -d '' entry; do
    for token in "$@"; do
      if [[ $entry == *"$token"* ]]; then
        printf '%s' "$origin"
        return 0
      fi
    done
  done < <(HOME=$home git -C "$dir" config --list --show-origin -z 2>/dev/null)
}

# The token was given for the clone. It leaves now, so nothing Claude runs can use it: out of
# the environment Claude is started with (Claude runs as another user, so it cannot read the
# entrypoint's own /proc/<pid>/environ either) and, checked, out of every git configuration
# Claude would read. FLAUDE_CLAUDE_GITHUB_TOKEN=1 hands it to Claude instead, for gh.
hand_over_github_token() {
  local tokens=() token dirs=() dir origin r
  if [[ -n ${GITHUB_TOKEN:-} ]]; then tokens+=("$GITHUB_TOKEN"); fi
  if [[ -n ${GH_TOKEN:-} && ${GH_TOKEN:-} != "${GITHUB_TOKEN:-}" ]]; then tokens+=("$GH_TOKEN"); fi
  # No fetch follows; the helper would have nothing to read anyway.
  git_auth=(-c credential.helper=)
  if ((${#tokens[@]} == 0)); then
    unset GITHUB_TOKEN GH_TOKEN
    if ((claude_github_token == 1)); then
      say "FLAUDE_CLAUDE_GITHUB_TOKEN=1, but no GitHub token was given: Claude Code gets none"
    fi
    return 0
  fi
  if ((claude_github_token == 1)); then
    token=${tokens[0]}
    export GITHUB_TOKEN=$token GH_TOKEN=$token
    say "The GitHub token is passed to Claude Code as GH_TOKEN and GITHUB_TOKEN (FLAUDE_CLAUDE_GITHUB_TOKEN=1)"
    return 0
  fi
  unset GITHUB_TOKEN GH_TOKEN
  if ((repo_count == 0)); then dirs=("$workspace_root"); fi
  for ((r = 0; r < repo_count; r++)); do dirs+=("$workspace_root/${repo_dir[r]}"); done
  for dir in "${dirs[@]}"; do
    origin=$(git_config_holding_token "$dir" "${tokens[@]}")
    if [[ -n $origin ]]; then
      error "the GitHub token is in git's configuration in $dir (${origin%:}): Claude Code is not started with it"
      finish "$EXIT_SETUP"
    fi
  done
  say "The GitHub token is not passed to Claude Code (it was for the clone only)"
}

# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------

say "Starting (uid $EUID)"

validate_config
if ((${#config_errors[@]} > 0)); then
  for message in "${config_errors[@]}"; do error "$message"; done
  finish "$EXIT_CONFIG"
fi

# Before any work: a missing CLI is a broken image, not a reason to clone first.
if ! claude_bin=$(command -v claude); then
  error "the claude command (Claude Code CLI) is not on PATH"
  finish "$EXIT_NO_CLAUDE"
fi

if ! mkdir -p "$workspace_root" 2>/dev/null || [[ ! -w $workspace_root ]]; then
  error "FLAUDE_WORKSPACE $(quoted "$workspace_root") cannot be created or is not writable"
  finish "$EXIT_SETUP"
fi

for ((r = 0; r < repo_count; r++)); do
  phase="cloning ${repo_url[r]}"
  clone_repo "$r"
done
phase="preparing Claude Code's run"

# One repository: Claude starts inside it. Several or none: at the workspace root.
work_dir=$workspace_root
if ((repo_count == 1)); then work_dir="$workspace_root/${repo_dir[0]}"; fi
cd "$work_dir"
if ((repo_count == 1)); then
  say "Workspace ready: $work_dir (1 repository)"
else
  say "Workspace ready: $work_dir ($repo_count repositories)"
fi
print_manifest "$work_dir"
hand_over_github_token

# The image has no USER line: the entrypoint starts as root so it can hand the freshly
# cloned workspace to the unprivileged user, then runs Claude Code as that user.
run_as=()
if ((EUID == 0)); then
  if id -u "$run_user" >/dev/null 2>&1; then
    if ! chown -hR "$run_user:" "$workspace_root"; then
      error "cannot give $workspace_root to user $run_user"
      finish "$EXIT_SETUP"
    fi
    run_home=$(getent passwd "$run_user" | cut -d: -f6)
    # setpriv execs Claude directly, so a stop signal reaches it and it gets the whole
    # grace period. runuser would keep a PAM parent that catches SIGTERM, writes
    # "Session terminated, killing shell..." into the stream and SIGKILLs Claude 2 s later.
    # The environment (the Claude credential, FLAUDE_*, the user's env; the GitHub token
    # only when it was handed over) is kept; HOME, USER and LOGNAME become the user's, as
    # runuser would set them. SHELL stays: a nologin shell would break Claude's Bash tool.
    run_as=(setpriv "--reuid=$(id -u "$run_user")" "--regid=$(id -g "$run_user")" --init-groups --
      env "HOME=$run_home" "USER=$run_user" "LOGNAME=$run_user")
    say "Running as user $run_user"
  else
    # Local process mode (tests, the emulator): there is no user to drop to. Claude Code
    # refuses --dangerously-skip-permissions as root unless it is told it is sandboxed.
    export IS_SANDBOX=1
    say "User $run_user does not exist: running Claude Code as root with IS_SANDBOX=1"
  fi
fi

claude_args=(-p --output-format "$output_format")
# Print mode only streams JSON events with --verbose.
if [[ $output_format == stream-json ]]; then claude_args+=(--verbose); fi
claude_args+=(--dangerously-skip-permissions)
# The checkout is the PR's head, written by whoever opened it: its .claude/settings.json,
# .claude/settings.local.json (hooks that run commands with the credential in the environment,
# env, permissions), CLAUDE.md files, agents, commands and .mcp.json servers must not shape the
# run. Only the user's settings (the image's) are read; MCP servers only from --mcp-config.
claude_args+=(--setting-sources user --strict-mcp-config)
if [[ -n $model ]]; then claude_args+=(--model "$model"); fi
if [[ -n $max_turns ]]; then claude_args+=(--max-turns "$max_turns"); fi
if [[ -n $max_budget ]]; then claude_args+=(--max-budget-usd "$max_budget"); fi
# An option's value is taken whole, even when it starts with '-'.
if [[ -n $append_system_prompt ]]; then claude_args+=(--append-system-prompt "$append_system_prompt"); fi
if [[ -n $json_schema ]]; then claude_args+=(--json-schema "$json_schema"); fi
# The tool lists take every following value up to the next option, so they come last, followed
# only by options (FLAUDE_CLAUDE_ARGS starts with one) and --.
if [[ -n $allowed_tools ]]; then claude_args+=(--allowedTools "$allowed_tools"); fi
if [[ -n $disallowed_tools ]]; then claude_args+=(--disallowedTools "$disallowed_tools"); fi
claude_args+=("${extra_args[@]}")
# After --, a prompt that starts with '-' is still the prompt.
claude_args+=(-- "$FLAUDE_PROMPT")

say "Running Claude Code (format $output_format${model:+, model $model}${max_turns:+, max turns $max_turns}${max_budget:+, budget \$$max_budget}${timeout_seconds:+, timeout ${timeout_seconds}s}${json_schema:+, JSON schema}${extra_args[0]:+, ${#extra_args[@]} extra arguments})"
started_at=$SECONDS
# Always under timeout(1), even without a limit (0 = none): it puts Claude in its own
# process group (its pid is the group id) and relays a stop signal to all of it, tools
# included. In the background so that this shell's traps run while it waits. stdin is
# closed: nobody will answer.
claude_launching=1
timeout --kill-after="$KILL_AFTER" "${timeout_seconds:-0}" "${run_as[@]}" "$claude_bin" "${claude_args[@]}" </dev/null &
claude_pid=$!
claude_launching=0
rc=0
wait "$claude_pid" || rc=$?
reap_process_group "$claude_pid"
claude_pid=""

if [[ -n $timeout_seconds ]]; then
  # 124 is timeout's own code; 137 when Claude had to be killed after KILL_AFTER.
  if ((rc == EXIT_TIMEOUT)) || { ((rc == 137)) && ((SECONDS - started_at >= timeout_seconds)); }; then
    error "Claude Code timed out after $timeout_seconds s"
    rc=$EXIT_TIMEOUT
  fi
fi
say "Claude Code exited with code $rc"
finish "$rc"
