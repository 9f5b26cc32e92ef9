#!/usr/bin/env node
// Writes the Suomi.fi design tokens as CSS custom properties on :root.
//
// suomifi-design-tokens ships SCSS variables/mixins and a JS object, but no
// plain CSS, and the product has no Sass step. This turns the JS object into
// `--fi-…` properties named like the SCSS variables ($fi-color-brand-base ->
// --fi-color-brand-base) so the package's own docs still apply.
//
// Typography mixins become one property per declaration
// (--fi-text-heading2-font-size, …). Their px font sizes and line heights are
// written in rem (px / 16) so text follows the reader's browser font-size
// setting. The focus mixins are rule blocks, not values, and are left out.
//
// Usage: node build-tokens-css.js OUTFILE
'use strict';

const fs = require('fs');
const path = require('path');

const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

// Token group in the JS object -> CSS property prefix (as in tokens.scss).
const GROUPS = {
  colors: 'color',
  spacing: 'spacing',
  radiuses: 'radius',
  transitions: 'transition',
  breakpoints: 'breakpoint',
  gradients: 'gradient',
  shadows: 'shadow',
};

function rem(px) {
  return `${+(px / 16).toFixed(4)}rem`;
}

function main() {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node build-tokens-css.js OUTFILE');
    process.exit(2);
  }
  const pkg = require('suomifi-design-tokens/package.json');
  const { suomifiDesignTokens: t } = require('suomifi-design-tokens');

  const lines = [];
  for (const [group, prefix] of Object.entries(GROUPS)) {
    if (!t[group]) throw new Error(`token group "${group}" missing from suomifi-design-tokens`);
    lines.push('', `  /* ${group} */`);
    for (const [name, value] of Object.entries(t[group])) {
      lines.push(`  --fi-${prefix}-${kebab(name)}: ${value};`);
    }
  }

  lines.push('', '  /* typography (font sizes and line heights in rem, 1rem = 16px) */');
  for (const [name, v] of Object.entries(t.values.typography)) {
    const p = `--fi-text-${kebab(name)}`;
    const size = (x) => (x.unit === 'px' ? rem(x.value) : `${x.value}${x.unit || ''}`);
    lines.push(`  ${p}-font-family: ${v.fontFamily};`);
    lines.push(`  ${p}-font-size: ${size(v.fontSize)};`);
    lines.push(`  ${p}-line-height: ${size(v.lineHeight)};`);
    lines.push(`  ${p}-font-weight: ${v.fontWeight};`);
  }

  const css =
    `/* Suomi.fi design tokens as CSS custom properties.\n` +
    ` * Generated from ${pkg.name} ${pkg.version} (${pkg.license} licence, see LICENSE)\n` +
    ` * by scripts/vendor-assets.sh; do not edit by hand.\n` +
    ` * Custom properties cannot be used in @media queries: the breakpoint\n` +
    ` * values are here for reference only. */\n` +
    `:root {${lines.join('\n')}\n}\n`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, css);
}

main();
