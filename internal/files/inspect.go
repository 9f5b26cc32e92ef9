package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// Checked is what Inspect learnt about a file that passed every check.
type Checked struct {
	Name        string // cleaned by CleanName
	ContentType string // from the content, without parameters
	Size        int64
	SHA256      string // hex, as blob.Object.SHA256
	Scanned     bool   // false when no virus scanner is configured
}

// Upload is a file on its way in. Its head has passed the checks of name,
// type and disguise; reading it yields the content unchanged while it
// counts, hashes and feeds the scanner. The last Read, instead of io.EOF,
// returns an *Error when the file turned out too large or infected, or the
// scanner's failure, so a consumer such as blob.Store.Put that stores only
// after reading to the end stores nothing that failed. An Upload is not safe
// for concurrent use.
type Upload struct {
	ctx         context.Context
	src         io.Reader
	name        string
	contentType string
	max         int64
	size        int64
	hash        hash.Hash
	pw          *io.PipeWriter
	done        chan scanResult
	result      *scanResult // once received from done
	checked     Checked
	err         error // the end: io.EOF or why it failed
}

type scanResult struct {
	v   Verdict
	err error
}

var errClosed = errors.New("upload closed before its end")

// Inspect reads the first HeadSize bytes of r, checks the file against p
// (name, type, disguise, and the size when r is that short) and returns an
// Upload that streams the rest, or the *Error that refuses it. scanner may be
// nil for NopScanner. Nothing is buffered beyond the head, so a file of any
// size passes through in constant memory; the scan runs alongside the read.
// Close the Upload when done with it.
func Inspect(ctx context.Context, r io.Reader, name, declared string, p Policy, scanner Scanner) (*Upload, error) {
	head := make([]byte, HeadSize)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("inspect %q: read: %w", name, err)
	}
	head = head[:n]
	size := int64(-1) // not known yet
	var src io.Reader = bytes.NewReader(head)
	if n < HeadSize {
		size = int64(n)
	} else {
		src = io.MultiReader(src, r)
	}
	ct, err := p.classify(name, declared, head, size)
	if err != nil {
		return nil, err
	}
	if p.MaxBytes > 0 {
		src = io.LimitReader(src, p.MaxBytes+1)
	}
	if scanner == nil {
		scanner = NopScanner{}
	}
	pr, pw := io.Pipe()
	u := &Upload{
		ctx: ctx, src: src, name: CleanName(name), contentType: ct, max: p.MaxBytes,
		hash: sha256.New(), pw: pw, done: make(chan scanResult, 1),
	}
	go func() {
		v, err := scanner.Scan(ctx, pr)
		pr.CloseWithError(errors.New("scanner stopped reading"))
		u.done <- scanResult{v, err}
	}()
	return u, nil
}

// Name is the cleaned file name.
func (u *Upload) Name() string { return u.name }

// ContentType is the type the file is taken as, known from its head.
func (u *Upload) ContentType() string { return u.contentType }

// Checked describes the file once Read has returned io.EOF; before that, or
// after a failure, it is the zero Checked.
func (u *Upload) Checked() Checked { return u.checked }

// Read reads the content; see Upload for what its end returns.
func (u *Upload) Read(b []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	if err := u.ctx.Err(); err != nil {
		return 0, u.fail(fmt.Errorf("read upload %q: %w", u.name, err))
	}
	n, err := u.src.Read(b)
	if n > 0 {
		u.size += int64(n)
		if u.max > 0 && u.size > u.max {
			return 0, u.fail(&Error{Code: TooLarge, Name: u.name, Max: u.max, Size: u.size})
		}
		u.hash.Write(b[:n])
		if _, werr := u.pw.Write(b[:n]); werr != nil {
			return 0, u.fail(u.verdict(false))
		}
	}
	if errors.Is(err, io.EOF) {
		return n, u.finish()
	}
	if err != nil {
		return n, u.fail(fmt.Errorf("read upload %q: %w", u.name, err))
	}
	return n, nil
}

// Close stops the scan if the content was not read to its end. It always
// returns nil.
func (u *Upload) Close() error {
	if u.err == nil {
		u.fail(errClosed)
	}
	return nil
}

// finish ends the scan stream and turns the verdict into the end of Read.
func (u *Upload) finish() error {
	u.pw.Close()
	if err := u.verdict(true); err != nil {
		return u.fail(err)
	}
	u.checked = Checked{
		Name: u.name, ContentType: u.contentType, Size: u.size,
		SHA256: hex.EncodeToString(u.hash.Sum(nil)), Scanned: u.result.v.Scanned,
	}
	u.err = io.EOF
	return io.EOF
}

// verdict waits for the scanner and returns its failure or the refusal of
// an infected file. atEnd tells whether all content was handed over; a
// scanner that found nothing but stopped reading before that has failed.
func (u *Upload) verdict(atEnd bool) error {
	res := u.wait()
	switch {
	case res.err != nil:
		return fmt.Errorf("scan %q: %w", u.name, res.err)
	case !res.v.Clean:
		return &Error{Code: Infected, Name: u.name, Signature: res.v.Signature}
	case !atEnd:
		return fmt.Errorf("scan %q: scanner stopped reading before the end", u.name)
	}
	return nil
}

// fail ends the upload with err, stops the scanner and waits for it, so
// that no goroutine outlives the Upload.
func (u *Upload) fail(err error) error {
	u.err = err
	u.pw.CloseWithError(err)
	u.wait()
	return err
}

func (u *Upload) wait() scanResult {
	if u.result == nil {
		res := <-u.done
		u.result = &res
	}
	return *u.result
}
