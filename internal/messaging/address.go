package messaging

import "net/mail"

// mailAddress returns the bare address of "Name <a@b>" or "a@b".
func mailAddress(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}
