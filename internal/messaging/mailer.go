package messaging

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// Mailer hands emails to one mail server over SMTP. It uses the standard
// library's net/smtp: luva sends plain text to a single relay, which is all
// net/smtp is for, and it adds no dependency.
type Mailer struct {
	// Host and Port are the server's address.
	Host, Port string
	// TLS is implicit TLS from the first byte (smtps://); otherwise STARTTLS
	// is used whenever the server offers it.
	TLS bool
	// Username and Password sign in when set (PLAIN, over TLS only, except
	// to this machine).
	Username, Password string
	// From is the sender's address.
	From string
	// Timeout bounds one whole attempt.
	Timeout time.Duration
}

// ParseMailer reads a mail server URL, smtp://[user:password@]host[:port]
// (port 25 by default, STARTTLS when offered) or smtps://… (port 465), and
// the sender's address.
func ParseMailer(rawURL, from string) (*Mailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail server URL: %w", err)
	}
	m := &Mailer{Host: u.Hostname(), Port: u.Port(), From: from, Timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		m.Port = cmpOr(m.Port, "25")
	case "smtps":
		m.TLS, m.Port = true, cmpOr(m.Port, "465")
	default:
		return nil, fmt.Errorf("mail server URL %q: the scheme must be smtp or smtps", u.Redacted())
	}
	if m.Host == "" {
		return nil, fmt.Errorf("mail server URL %q has no host", u.Redacted())
	}
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	if a, err := mailAddress(from); err != nil || a == "" {
		return nil, fmt.Errorf("sender address %q is not an email address", from)
	}
	return m, nil
}

func cmpOr(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// Mail is one email to write.
type Mail struct {
	ID      string // becomes the Message-ID
	To      string
	Subject string
	Body    string
	Date    time.Time
}

// permanentError is a refusal that retrying cannot change: the server said
// 5xx about the sender, the recipient or the message.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent reports whether err is a refusal that retrying cannot change.
func Permanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Send makes one attempt to hand e to the server. It returns nil only when
// the server accepted the message (delivered, for luva).
func (m *Mailer) Send(ctx context.Context, e Mail) error {
	if strings.ContainsAny(e.To+e.Subject, "\r\n") {
		// A line break would let text write headers of its own.
		return permanentError{fmt.Errorf("refuse a recipient or subject with a line break: %q", e.To)}
	}
	ctx, cancel := context.WithTimeout(ctx, m.Timeout)
	defer cancel()
	addr := net.JoinHostPort(m.Host, m.Port)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("connect to the mail server: %w", err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline) //nolint:errcheck // a fresh TCP connection takes a deadline
	}
	if m.TLS {
		conn = tls.Client(conn, &tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12})
	}
	c, err := smtp.NewClient(conn, m.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("greet the mail server: %w", classify(err))
	}
	defer c.Close()
	if !m.TLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12}); err != nil {
				return fmt.Errorf("start TLS: %w", classify(err))
			}
		}
	}
	if m.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, m.Host)); err != nil {
			return fmt.Errorf("sign in to the mail server: %w", classify(err))
		}
	}
	from, _ := mailAddress(m.From)
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("MAIL FROM: %w", classify(err))
	}
	if err := c.Rcpt(e.To); err != nil {
		return fmt.Errorf("RCPT TO %s: %w", e.To, classify(err))
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", classify(err))
	}
	if _, err := w.Write(m.compose(e)); err != nil {
		return fmt.Errorf("write the message: %w", classify(err))
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end the message: %w", classify(err))
	}
	// Accepted; a failed QUIT changes nothing about that.
	c.Quit() //nolint:errcheck // the message is already accepted
	return nil
}

// classify marks the server's 5xx answers as permanent.
func classify(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanentError{err}
	}
	return err
}

// compose writes e as a plain-text, quoted-printable UTF-8 message.
func (m *Mailer) compose(e Mail) []byte {
	var b bytes.Buffer
	host := m.Host
	if _, domain, ok := strings.Cut(m.From, "@"); ok {
		host = strings.Trim(domain, "> ")
	}
	header := [][2]string{
		{"From", m.From},
		{"To", e.To},
		{"Subject", mime.QEncoding.Encode("utf-8", e.Subject)},
		{"Date", e.Date.Format(time.RFC1123Z)},
		{"Message-ID", "<" + e.ID + "@" + host + ">"},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "quoted-printable"},
		// Out-of-office replies must not answer a machine.
		{"Auto-Submitted", "auto-generated"},
	}
	for _, h := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(e.Body, "\n", "\r\n"))) //nolint:errcheck // writes to a buffer
	qp.Close()                                                 //nolint:errcheck // writes to a buffer
	return b.Bytes()
}
