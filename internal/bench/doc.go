// Package bench is luva's load tool (issue #7): it writes a realistic
// national-scale data set straight into the database, drives a running luva
// over real HTTP with many concurrent users, measures the machine's own
// ceilings with the same load generator, and reports every figure beside its
// ceiling and its target.
//
// The pieces, one file each:
//
//   - generate.go, casewriter.go, mix.go, insert.go: the data set
//     (customers, cases with their sent versions, decisions and history,
//     venue sites in the answers) in multi-row INSERTs;
//   - load.go, stats.go: the load generator and its percentiles;
//   - client.go, answers.go: the JSON API as a customer or handler uses it;
//   - scenarios.go, user.go, process.go: what each virtual user does;
//   - ceilings.go: a bare net/http handler and single-row commits;
//   - run.go, report.go, quick.go: a whole run, its table and JSON.
//
// Figures are reported, never asserted: a slow machine fails nothing.
package bench
