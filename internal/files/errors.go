package files

import (
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/errs"
)

// The codes of a rejected file, stable for templates and API bodies.
const (
	TooLarge       = "too_large"        // larger than Policy.MaxBytes
	TypeNotAllowed = "type_not_allowed" // content of a type the policy does not take
	Disguised      = "disguised"        // the name claims a type the content contradicts
	Empty          = "empty"            // no bytes at all
	Infected       = "infected"         // the virus scanner found something
	BadName        = "name"             // the name is empty or names a program
)

// Error tells why a file was refused. The fields beside Code carry what a
// translated message needs; each is set only for the codes that use it.
type Error struct {
	Code      string
	Name      string // the cleaned file name
	Max       int64  // TooLarge: the limit in bytes
	Size      int64  // TooLarge: the size seen, at least Max+1
	Detected  string // TypeNotAllowed, Disguised: the type found in the content
	Claimed   string // Disguised: the type the name or declared type claims
	Signature string // Infected: what the scanner found
}

// Error describes the refusal in English, for logs.
func (e *Error) Error() string {
	switch e.Code {
	case TooLarge:
		return fmt.Sprintf("file %q is larger than %d bytes", e.Name, e.Max)
	case TypeNotAllowed:
		return fmt.Sprintf("file %q is of type %s, which is not allowed", e.Name, e.Detected)
	case Disguised:
		return fmt.Sprintf("file %q claims to be %s but is %s", e.Name, e.Claimed, e.Detected)
	case Empty:
		return fmt.Sprintf("file %q is empty", e.Name)
	case Infected:
		return fmt.Sprintf("file %q is infected: %s", e.Name, e.Signature)
	case BadName:
		return fmt.Sprintf("file name %q is not acceptable", e.Name)
	}
	return fmt.Sprintf("file %q refused: %s", e.Name, e.Code)
}

// Unwrap makes every refusal an errs.Invalid, so that the web and API layers
// answer it as bad input without knowing this package.
func (e *Error) Unwrap() error { return errs.E(errs.Invalid, e.Error()) }

// Code returns the code of the first *Error in err's chain, or "" when err is
// not a refusal (nil, or a failure of ours such as an unreachable scanner).
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
