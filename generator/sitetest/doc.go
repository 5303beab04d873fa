// Package sitetest holds end-to-end tests of the built QMS portal: they build
// the repository's sample site in memory with the embedded Hugo, then check
// the HTML of the pages (breadcrumbs, sidebar, previous/next, table of
// contents, document control, escaping, aliases, links, determinism) and
// drive a real headless Chromium over it (keyboard, phone menu, emoji, print
// to PDF, screenshots). The package has no non-test code.
package sitetest
