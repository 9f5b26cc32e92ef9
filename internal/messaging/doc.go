// Package messaging tells people what happened (functions 17, 39 and 41).
//
// A Notification is one message to one person on one channel: in the app (a
// list per person with an unread count) or by email over SMTP. Every message
// keeps its delivery metadata: channel, recipient, when it was created, sent,
// delivered (the mail server accepted it) and read (in the app), and when it
// failed, why and after how many attempts. Emails are sent by durable jobs
// that retry with backoff, so a mail server that is down for a while delays
// mail but loses none. The person's own preferences choose the channels.
//
// Triggers are an authority's rules, "when event X happens to one of our cases
// (and a condition on its payload holds), do Y": notify a role's members or
// the case's handler, notify the customer, create a task or start a process.
// They run as one outbox consumer for the whole cluster; each event fires each
// trigger once, in one transaction with everything the firing does. Every
// authority starts with a visible, editable set of default rules.
//
// Messages tied to the customer's profile come from a daily job: a person
// whose contact details were last confirmed two years ago is asked, once, to
// check them.
package messaging
