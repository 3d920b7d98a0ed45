// Prints the gzipped JavaScript each route loads first and fails past the budget: the login page
// must stay within 350 KB (what a bureau user on a phone downloads before typing a password), and
// charts and the import desk must not be part of it. Reads Vite's manifest (build.manifest).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist/web';
const LOGIN_BUDGET_BYTES = 350 * 1024;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const gzipped = new Map();
function gzipSize(file) {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gzipped.get(file);
}

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function staticClosure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) staticClosure(imported, files);
  return files;
}

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const routes = {
  'login (entry + LoginPage)': 'src/features/auth/routes/LoginPage.tsx',
  'my tasks (after login)': 'src/features/tasks/routes/MyTasksPage.tsx',
  'dashboard (after login)': 'src/features/dashboard/routes/DashboardPage.tsx',
  'import desk (after login)': 'src/features/import/routes/ImportDeskPage.tsx',
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const entryFiles = staticClosure(entryKey);
let failed = false;
console.log('initial JavaScript per route (gzip -9):');
for (const [name, key] of Object.entries(routes)) {
  if (!manifest[key]) {
    console.error(`  ${name}: ${key} is not a chunk of its own (it must be loaded lazily)`);
    failed = true;
    continue;
  }
  const files = staticClosure(key, new Set(entryFiles));
  const total = [...files].reduce((sum, file) => sum + gzipSize(file), 0);
  console.log(`  ${name.padEnd(28)} ${kb(total).padStart(10)}  (${files.size} files)`);
  if (key.endsWith('LoginPage.tsx')) {
    if (total > LOGIN_BUDGET_BYTES) {
      console.error(`  login route over budget: ${kb(total)} > ${kb(LOGIN_BUDGET_BYTES)}`);
      failed = true;
    }
    // charts and the import desk load on demand, never with the login page
    const eager = [...files].filter((file) => /DashboardPage|ImportDeskPage|EChart/.test(file));
    if (eager.length > 0) {
      console.error(`  login route loads ${eager.join(', ')} (must be lazy)`);
      failed = true;
    }
  }
}
console.log(`budget: login route ≤ ${kb(LOGIN_BUDGET_BYTES)} gzipped`);
process.exit(failed ? 1 : 0);
