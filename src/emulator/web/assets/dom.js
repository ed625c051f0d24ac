/**
 * Builds elements from plain data. Text always becomes text nodes (never HTML): every message is
 * hostile input.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Compares two Slack timestamps ("1700000000.000100") as numbers, without losing digits. */
export function compareTs(a, b) {
  const [aSec = '', aMicro = ''] = a.split('.');
  const [bSec = '', bMicro = ''] = b.split('.');
  return aSec.length - bSec.length || aSec.localeCompare(bSec) || aMicro.length - bMicro.length || aMicro.localeCompare(bMicro);
}

/** Local wall-clock time of a ts, and its ISO form. */
export function tsTime(ts) {
  const date = new Date(Number(ts.split('.')[0]) * 1000);
  return { short: date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }), iso: date.toISOString() };
}

const EMOJI = {
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', hourglass_flowing_sand: '⏳', hourglass: '⌛',
  eyes: '👀', rocket: '🚀', warning: '⚠️', pushpin: '📌', no_entry: '⛔', no_entry_sign: '🚫', '+1': '👍',
  '-1': '👎', repeat: '🔁', arrows_counterclockwise: '🔄', leftwards_arrow_with_hook: '↩️', rotating_light: '🚨',
  octagonal_sign: '🛑', lock: '🔒', unlock: '🔓', stopwatch: '⏱️', tada: '🎉', large_green_circle: '🟢',
  red_circle: '🔴', double_vertical_bar: '⏸️', arrow_forward: '▶️', heavy_multiplication_x: '✖️', broken_heart: '💔',
};

/** The emoji for a reaction name, or `:name:` when this page does not know it. */
export function emoji(name) {
  return Object.hasOwn(EMOJI, name) ? EMOJI[name] : `:${name}:`;
}
