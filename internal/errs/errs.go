// Package errs holds the few kinds of error that luva tells apart. Domain code
// returns an *Error with a kind where the kind matters to the caller; the web
// and API layers map the kind to an HTTP status in exactly one place each.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds. Internal is the zero value: an error without a kind is ours, not
// the user's.
const (
	Internal        Kind = iota
	Invalid              // the input is wrong; Fields say where
	NotFound             // no such thing, or not visible to the caller
	Conflict             // the state changed under the caller, or a duplicate
	Forbidden            // known caller, not allowed
	Unauthenticated      // who is calling is not known
	TooMany              // too many attempts; try again later
)

var kindNames = map[Kind]string{
	Internal: "internal", Invalid: "invalid", NotFound: "not_found",
	Conflict: "conflict", Forbidden: "forbidden", Unauthenticated: "unauthenticated", TooMany: "rate_limited",
}

// String is the kind's code in API error bodies.
func (k Kind) String() string { return kindNames[k] }

// Error is an error of a known kind. Message is safe to show to the user;
// Fields maps input field names to what is wrong with them.
type Error struct {
	Kind    Kind
	Message string
	Fields  map[string]string
	Err     error // the cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// E returns an error of kind k with a message for the user.
func E(k Kind, message string) *Error { return &Error{Kind: k, Message: message} }

// Wrap returns an error of kind k that keeps err as its cause.
func Wrap(k Kind, message string, err error) *Error {
	return &Error{Kind: k, Message: message, Err: err}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the first *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// HTTPStatus is the one mapping from error kind to HTTP status.
func HTTPStatus(k Kind) int {
	switch k {
	case Invalid:
		return 422
	case NotFound:
		return 404
	case Conflict:
		return 409
	case Forbidden:
		return 403
	case Unauthenticated:
		return 401
	case TooMany:
		return 429
	}
	return 500
}
