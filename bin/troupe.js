#!/usr/bin/env node
// React (under the dashboard) costs about four times the CPU per frame in its development build;
// a user of the CLI gets the production one unless they ask otherwise.
process.env.NODE_ENV ??= 'production';
// The compiled CLI (built by `npm ci` / `npm install` through the `prepare` script).
await import('../dist/cli.js');
