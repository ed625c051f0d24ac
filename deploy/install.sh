#!/usr/bin/env bash
# Installs troupe's agent as a systemd service on this host: the user, the directories, the
# configuration and token files, and the unit. Idempotent: run it again after an upgrade or to
# change a path. It never overwrites the configuration, the environment file or a token file
# (a token given in the environment replaces its file on purpose).
#
# Usage: sudo deploy/install.sh [--user NAME] [--app-dir DIR] [--state-dir DIR] [--bin PATH]
#                               [--root DIR]
#   SLACK_BOT_TOKEN / SLACK_APP_TOKEN in the environment are written to the token files;
#   without them, a terminal is asked for each missing token (input hidden).
#   --root DIR installs into DIR as if it were / (for packaging and tests): no user is created
#   (name an existing one) and systemd is not told.
set -euo pipefail

user=troupe
group=
app_dir=/srv/app
state_dir=/var/lib/troupe
bin=/usr/local/bin/troupe
root=
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
checkout=$(dirname "$here")
unit_name=troupe-agent.service

die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

# install(1) giving the result to OWNER:GROUP; only root can give files away, so a --root run by
# another user keeps them.
install_as() {
  local owner=$1 owner_group=$2
  shift 2
  if [[ $EUID -eq 0 ]]; then
    install -o "$owner" -g "$owner_group" "$@"
  else
    install "$@"
  fi
}

usage() {
  sed -n '7,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

parse_args() {
  while [[ $# -gt 0 ]]; do
    case $1 in
      --user) user=${2:?--user needs a name}; shift 2 ;;
      --app-dir) app_dir=${2:?--app-dir needs a directory}; shift 2 ;;
      --state-dir) state_dir=${2:?--state-dir needs a directory}; shift 2 ;;
      --bin) bin=${2:?--bin needs a path}; shift 2 ;;
      --root) root=${2:?--root needs a directory}; shift 2 ;;
      -h | --help) usage 0 ;;
      *) printf 'install.sh: unknown option %s\n' "$1" >&2; usage 2 ;;
    esac
  done
  local path
  for path in "$app_dir" "$state_dir" "$bin"; do
    [[ $path == /* ]] || die "$path: give an absolute path"
    [[ $path =~ ^[A-Za-z0-9/._-]+$ ]] || die "$path: use only letters, digits and / . _ - in paths (they go into the unit file)"
  done
  [[ $user =~ ^[a-z_][a-z0-9_-]*$ ]] || die "$user: not a valid user name"
  if [[ -n $root ]]; then
    [[ -d $root ]] || die "--root $root: no such directory"
    root=$(cd "$root" && pwd)
  elif [[ $EUID -ne 0 ]]; then
    die "run as root: sudo $0 $*"
  fi
}

ensure_user() {
  if id -u "$user" >/dev/null 2>&1; then
    say "user $user: exists"
  elif [[ -n $root ]]; then
    die "user $user does not exist; with --root, name an existing user with --user"
  else
    useradd --system --user-group --home-dir "$state_dir" --no-create-home \
      --shell /usr/sbin/nologin --comment "troupe agent" "$user"
    say "user $user: created"
  fi
  group=$(id -gn "$user")
}

ensure_dirs() {
  install_as root "$group" -d -m 0750 "$root/etc/troupe"
  install_as "$user" "$group" -d -m 0700 "$root$state_dir"
  install -d -m 0755 "$root/etc/systemd/system"
  if [[ -d $root$app_dir ]]; then
    local owner
    owner=$(stat -c %U "$root$app_dir")
    [[ $owner == "$user" ]] || say "warning: $app_dir belongs to $owner; the agent updates it as $user: chown -R $user: $app_dir"
  else
    install_as "$user" "$group" -d -m 0755 "$root$app_dir"
  fi
  say "directories: /etc/troupe, $state_dir, $app_dir"
}

# Copies a template once, with this installation's paths; an existing file is left alone.
install_once() {
  local template=$1 target=$2 mode=$3 group=$4
  if [[ -e $root$target ]]; then
    say "$target: kept (exists)"
    return
  fi
  render "$template" | install_as root "$group" -m "$mode" /dev/stdin "$root$target"
  say "$target: created from $(basename "$template")"
}

render() {
  sed -e "s|/usr/local/bin/troupe|$bin|g" \
    -e "s|/srv/app|$app_dir|g" \
    -e "s|/var/lib/troupe|$state_dir|g" \
    -e "s|^User=troupe\$|User=$user|" \
    -e "s|^Group=troupe\$|Group=$group|" "$1"
}

# Writes a token file owned by the agent's user, mode 600: from the environment, else asked on a
# terminal when missing. An existing file only gets its owner and mode corrected.
ensure_token() {
  local kind=$1 value=$2 prefix=$3 target=$4 file
  file=$root$target
  if [[ -z $value && ! -e $file && -t 0 ]]; then
    read -rsp "$kind token ($prefix…, input hidden): " value
    printf '\n'
  fi
  if [[ -n $value ]]; then
    [[ $value == "$prefix"* ]] || die "the $kind token must start with $prefix (check that the two tokens are not swapped)"
    (umask 077 && printf '%s\n' "$value" >"$file.tmp")
    mv -f "$file.tmp" "$file"
    say "$target: written"
  elif [[ ! -e $file ]]; then
    say "$target: missing; rerun with the token in the environment, or write it there (owner $user, mode 600)"
    return
  else
    say "$target: kept (exists)"
  fi
  if [[ $EUID -eq 0 ]]; then chown "$user:$group" "$file"; fi
  chmod 600 "$file"
}

install_unit() {
  local target=$root/etc/systemd/system/$unit_name rendered
  rendered=$(render "$here/$unit_name")
  if [[ -f $target ]] && [[ $(cat "$target") == "$rendered" ]]; then
    say "/etc/systemd/system/$unit_name: unchanged"
    return
  fi
  printf '%s\n' "$rendered" | install_as root root -m 0644 /dev/stdin "$target"
  say "/etc/systemd/system/$unit_name: installed"
  if [[ -z $root && -d /run/systemd/system ]]; then
    systemctl daemon-reload
  fi
}

# The unit runs $bin; from a built checkout, link it there if nothing is.
ensure_bin() {
  if [[ ! -e $root$bin && -f $checkout/dist/cli.js && -f $checkout/bin/troupe.js ]]; then
    install -d -m 0755 "$(dirname "$root$bin")"
    ln -s "$checkout/bin/troupe.js" "$root$bin"
    say "$bin: linked to $checkout/bin/troupe.js"
  elif [[ -x $root$bin ]]; then
    say "$bin: present"
  else
    say "warning: $bin is missing: in a troupe checkout run npm ci, then run this script again (or pass --bin)"
  fi
  case $checkout in
    /home/* | /root/*) say "warning: $checkout is hidden from the service (ProtectHome=yes): keep troupe in /opt/troupe" ;;
  esac
}

main() {
  parse_args "$@"
  ensure_user
  ensure_dirs
  install_once "$here/troupe.env.example" /etc/troupe/troupe.env 0600 root
  install_once "$here/agent.example.yaml" /etc/troupe/agent.yaml 0640 "$group"
  ensure_token bot "${SLACK_BOT_TOKEN:-}" xoxb- /etc/troupe/bot-token
  ensure_token app "${SLACK_APP_TOKEN:-}" xapp- /etc/troupe/app-token
  ensure_bin
  install_unit
  say ""
  say "Next: edit /etc/troupe/agent.yaml (channel, operators, app), then"
  say "  sudo systemctl enable --now troupe-agent"
  say "  sudo -u $user $bin doctor --config /etc/troupe/agent.yaml"
}

main "$@"
