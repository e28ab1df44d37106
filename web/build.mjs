// Bundles the console into $CONSOLE_OUT (default web/dist): index.html plus content-hashed
// assets/app-<hash>.js and .css, referenced as /console/assets/... so that upsyncd can
// cache them forever and serve index.html with no-cache. No inline script or style: the
// console runs under a CSP that allows only its own files.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.env.CONSOLE_OUT || path.join(here, 'dist'));
const assets = path.join(out, 'assets');

// Only what this script writes is removed, so a mistaken CONSOLE_OUT cannot wipe a directory.
await rm(assets, { recursive: true, force: true });
await rm(path.join(out, 'index.html'), { force: true });
await mkdir(assets, { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.tsx' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: assets,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => path.basename(p));
const pick = (ext) => {
  const found = outputs.filter((f) => f.startsWith('app-') && f.endsWith(ext));
  if (found.length !== 1) throw new Error(`expected one app-*${ext}, got ${found.join(', ') || 'none'}`);
  return `/console/assets/${found[0]}`;
};

const template = await readFile(path.join(here, 'index.html'), 'utf8');
const html = template.replace('%APP_JS%', pick('.js')).replace('%APP_CSS%', pick('.css'));
await writeFile(path.join(out, 'index.html'), html);
console.log(`console built into ${out}: ${outputs.join(', ')}`);
