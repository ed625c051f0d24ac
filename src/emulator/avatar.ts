const COLORS = ['#2eb67d', '#36c5f0', '#e01e5a', '#ecb22e', '#4a154b', '#1264a3'];

/** A round avatar with the first letter of `name`, so the icon URLs the local Slack hands out resolve. */
export function avatarSvg(name: string): string {
  const letter = (name.trim()[0] ?? '?').toUpperCase().replace(/[^A-Z0-9]/, '?');
  const color = COLORS[[...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % COLORS.length];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="72" height="72" viewBox="0 0 72 72">` +
    `<rect width="72" height="72" rx="12" fill="${color}"/>` +
    `<text x="36" y="48" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${letter}</text></svg>`
  );
}

/** `/_local/avatar/<id>.svg`: the id, or undefined for other paths. */
export function avatarId(path: string): string | undefined {
  return /^\/_local\/avatar\/([A-Z0-9]+)\.svg$/.exec(path)?.[1];
}
