#!/usr/bin/env node
// Writes the Suomi.fi icons luva uses as plain .svg files.
//
// suomifi-icons ships its icons only as React components (SVGR output), and
// the product must not need Node.js or React at run time, so this script
// calls the package's bare SVGR components (no styled-components wrapper)
// to get their element trees and serialises those to SVG markup itself.
// That needs only react's createElement, which npm installs as the
// package's peer dependency; react-dom is not needed.
//
// Usage: node build-icons.js OUTDIR
// Run by scripts/vendor-assets.sh; edit ICONS below to add an icon.
'use strict';

const fs = require('fs');
const path = require('path');

// Output file name (without .svg) -> [category, SVGR component name].
// Base icons are single-colour 24x24 glyphs; their fill is rewritten to
// currentColor so an inlined icon takes the text colour. The package has no
// base "home" glyph, so home.svg is the two-colour (grey/orange) 80x80
// illustrative "House" icon: meant for large decorative use, not 1em text.
const ICONS = {
  'internet': ['baseIcons', 'IconInternet'], // globe: language switcher
  'chevron-right': ['baseIcons', 'IconChevronRight'],
  'chevron-down': ['baseIcons', 'IconChevronDown'],
  'menu': ['baseIcons', 'IconMenu'],
  'close': ['baseIcons', 'IconClose'],
  'search': ['baseIcons', 'IconSearch'],
  'info': ['baseIcons', 'IconInfo'],
  'info-filled': ['baseIcons', 'IconInfoFilled'],
  'error': ['baseIcons', 'IconError'],
  'error-filled': ['baseIcons', 'IconErrorFilled'],
  'warning': ['baseIcons', 'IconWarning'],
  'check': ['baseIcons', 'IconCheck'],
  'check-circle': ['baseIcons', 'IconCheckCircle'],
  'check-circle-filled': ['baseIcons', 'IconCheckCircleFilled'],
  'login': ['baseIcons', 'IconLogin'],
  'person': ['baseIcons', 'IconPerson'],
  'arrow-right': ['baseIcons', 'IconArrowRight'],
  'link-external': ['baseIcons', 'IconLinkExternal'],
  'home': ['illustrativeIcons', 'IconHouse'],
};

// The base icons' hard-coded fill; replaced so CSS `color` drives them.
const BASE_FILL = '#212121';

// React prop names that SVG spells in camelCase too; every other camelCase
// prop becomes kebab-case (fillRule -> fill-rule), as react-dom does.
const KEEP_CAMEL = new Set([
  'viewBox', 'preserveAspectRatio', 'gradientUnits', 'gradientTransform',
  'patternUnits', 'patternContentUnits', 'patternTransform', 'clipPathUnits',
  'maskUnits', 'maskContentUnits', 'markerUnits', 'markerWidth',
  'markerHeight', 'refX', 'refY', 'spreadMethod', 'pathLength',
  'stdDeviation', 'textLength', 'lengthAdjust', 'filterUnits',
  'primitiveUnits', 'numOctaves', 'baseFrequency', 'startOffset',
]);
const RENAMED = {
  className: 'class',
  xlinkHref: 'xlink:href',
  xmlnsXlink: 'xmlns:xlink',
  xmlSpace: 'xml:space',
  xmlLang: 'xml:lang',
};

function attrName(prop) {
  if (RENAMED[prop]) return RENAMED[prop];
  if (KEEP_CAMEL.has(prop)) return prop;
  return prop.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

function escapeAttr(v) {
  return String(v)
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;');
}

function serialise(node, opts) {
  if (node === null || node === undefined || node === false || node === true) return '';
  if (Array.isArray(node)) return node.map((n) => serialise(n, opts)).join('');
  if (typeof node === 'string' || typeof node === 'number') {
    return String(node).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  }
  if (typeof node.type === 'function') return serialise(node.type(node.props), opts);
  if (typeof node.type !== 'string') {
    throw new Error('cannot serialise element of type ' + String(node.type));
  }
  const { children, ...props } = node.props || {};
  let attrs = '';
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    let value = v;
    if (opts.currentColor && (k === 'fill' || k === 'stroke') && String(v).toLowerCase() === BASE_FILL) {
      value = 'currentColor';
    }
    attrs += ' ' + attrName(k) + '="' + escapeAttr(value) + '"';
  }
  const inner = serialise(children, opts);
  return inner ? `<${node.type}${attrs}>${inner}</${node.type}>` : `<${node.type}${attrs}/>`;
}

function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node build-icons.js OUTDIR');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const React = require('react');
  const pkgDir = path.dirname(require.resolve('suomifi-icons/package.json'));
  for (const [name, [category, component]] of Object.entries(ICONS)) {
    const file = path.join(pkgDir, 'cjs', 'svgrComponents', category, component + '.js');
    const Svg = require(file);
    const isBase = category === 'baseIcons';
    // Fixed intrinsic size (the source says 1em) so an <img> without CSS
    // is still sensible; aria-hidden because icons here are decorative
    // unless the template gives the <img> an alt text.
    const [, , w, h] = Svg({}).props.viewBox.split(/\s+/);
    const el = React.createElement(Svg, {
      width: w,
      height: h,
      'aria-hidden': 'true',
      focusable: 'false',
    });
    const svg = serialise(el, { currentColor: isBase });
    if (!svg.startsWith('<svg')) throw new Error(`${component}: unexpected output`);
    fs.writeFileSync(path.join(outDir, name + '.svg'), svg + '\n');
  }
}

main();
