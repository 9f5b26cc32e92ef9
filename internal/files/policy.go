package files

import "slices"

// Policy says which files are taken in.
type Policy struct {
	MaxBytes int64    // the largest file, in bytes; 0 means no limit
	Allowed  []string // MIME types taken, without parameters
}

// DefaultPolicy takes files up to 25 MB of the types applicants usually send:
// PDF, images a browser shows, plain text and CSV, and the Office Open XML
// and OpenDocument text and spreadsheet formats. Legacy Office formats and
// archives are not taken, as they hide macros and other files.
func DefaultPolicy() Policy {
	return Policy{
		MaxBytes: 25 << 20,
		Allowed: []string{
			"application/pdf",
			"image/png",
			"image/jpeg",
			"image/gif",
			"image/webp",
			"text/plain",
			"text/csv",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.oasis.opendocument.text",
			"application/vnd.oasis.opendocument.spreadsheet",
		},
	}
}

// Check decides on a file from its name, the type the browser declared, the
// first bytes of its content (HeadSize suffice) and its size; a negative
// size means not yet known and is not checked. It returns nil or an *Error.
func (p Policy) Check(name, declared string, head []byte, size int64) error {
	_, err := p.classify(name, declared, head, size)
	return err
}

// classify is Check that also returns the type the file is taken as.
func (p Policy) classify(name, declared string, head []byte, size int64) (string, error) {
	clean := CleanName(name)
	if size == 0 || size < 0 && len(head) == 0 {
		return "", &Error{Code: Empty, Name: clean}
	}
	if p.MaxBytes > 0 && size > p.MaxBytes {
		return "", &Error{Code: TooLarge, Name: clean, Max: p.MaxBytes, Size: size}
	}
	if clean == "" || programs[extension(clean)] {
		return "", &Error{Code: BadName, Name: clean}
	}
	detected := Detect(head)
	taken := detected
	if claimed := claim(clean, declared); claimed != "" {
		t, ok := agree(claimed, detected)
		if !ok {
			return "", &Error{Code: Disguised, Name: clean, Claimed: claimed, Detected: detected}
		}
		taken = t
	}
	if !slices.Contains(p.Allowed, taken) {
		return "", &Error{Code: TypeNotAllowed, Name: clean, Detected: taken}
	}
	return taken, nil
}
