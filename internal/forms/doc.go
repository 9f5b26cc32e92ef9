// Package forms holds configurable application forms (function 32b): a form
// definition in JSON, pages of sections of fields, and what the web layer
// needs to show a page, read what was posted, validate it, prefill it,
// summarise it and compare two versions of it.
//
// # Definitions
//
// Parse reads a definition strictly (an unknown attribute is an error);
// Check lists every problem with its path ("pages[1].sections[0].fields[3]")
// and reason; Compile checks and compiles the expressions once into a
// *Compiled, which is safe for concurrent use. Field ids are unique across
// the whole form, the columns of groups and tables included, and are
// lower-case CEL identifiers (a-z, 0-9, _; at most 40 characters).
//
// # Expressions
//
// Visibility conditions (of pages, sections and fields) and validation
// rules are CEL expressions that give a bool. They see:
//
//   - every top-level field as a variable named by its id, of type dyn, when
//     it is answered, visible and valid for its type: text, choice, email and
//     the identity codes as string, number as double (compared freely with
//     ints: noise_db > 85), date as a timestamp at midnight UTC, daterange as
//     {"from": timestamp, "to": timestamp}, multichoice and attachment as
//     list(string), yesno as bool, address as {"street", "postcode", "city"},
//     location as {"lat", "lon"} doubles, group and table as lists of rows
//     keyed by column id;
//   - answered('id'), true when that top-level field has such a value. A
//     field that is not answered is absent, and an expression that reads an
//     absent variable fails. A condition that fails counts as false (the
//     element is hidden), and a rule that fails counts as passed, so write
//     `answered('music_late') && music_late` or `!answered('x') || x > 5`;
//     && and || forgive a failing side when the other decides;
//   - in a rule, value: the answer being checked, and in a rule of a column,
//     row: its row, whose cells can be tested with has(row.stage_name);
//   - date('2027-06-01'), the timestamp of a day, for comparisons such as
//     event_dates.from >= date('2027-06-01'), and CEL's own functions such
//     as size() and duration arithmetic (event_dates.to - event_dates.from
//     <= duration('72h')).
//
// A hidden field's answer does not count: conditions are evaluated again
// without it, so a field that depends on a hidden field is hidden too.
// Hidden fields are never required or checked, and Clean drops their
// answers before an application is frozen.
//
// # Inputs
//
// An input is named by its field id. The parts of a field are
// "<id>.street", "<id>.postcode" and "<id>.city" of an address, "<id>.from"
// and "<id>.to" of a date range, "<id>.lat" and "<id>.lon" of a location.
// The cells of group or table row k (from 0) are "<group>.<k>.<column>", and
// "<group>.count" says how many rows the page showed. The row buttons are
// submit buttons named "_row" with the value "add:<group>" or
// "remove:<group>:<k>"; ReadPage applies them and RowAction tells the
// handler to show the page again. The html id of an input is its name, and
// Error.Field names it, so that the error summary links to it. A yes/no
// posts "yes" or "no". Attachment slots are not read from the post: the
// caller stores the files and puts their ids in the answers.
package forms
