package cases

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/files"
	"github.com/luva-fi/luva/internal/forms"
	"github.com/luva-fi/luva/internal/identity"
)

// Scanner scans uploads for viruses.
type Scanner = files.Scanner

// Files takes attachments in and gives them out: the type is known from the
// content, the size is limited per attachment slot, the content is scanned
// when a scanner is configured and stored by its SHA-256.
type Files struct {
	s       *Service
	blobs   *blob.Store
	scanner Scanner
}

// slot finds the attachment field id in the form.
func slot(f forms.Form, id string) (forms.Field, bool) {
	var find func([]forms.Field) (forms.Field, bool)
	find = func(fs []forms.Field) (forms.Field, bool) {
		for _, x := range fs {
			if x.ID == id && x.Type == forms.Attachment {
				return x, true
			}
			if r, ok := find(x.Fields); ok {
				return r, true
			}
		}
		return forms.Field{}, false
	}
	for _, pg := range f.Pages {
		for _, sec := range pg.Sections {
			if r, ok := find(sec.Fields); ok {
				return r, true
			}
		}
	}
	return forms.Field{}, false
}

// policyOf is the file policy of an attachment slot: the service-wide
// defaults narrowed by what the slot says.
func policyOf(f forms.Field) files.Policy {
	p := files.DefaultPolicy()
	if f.MaxBytes > 0 {
		p.MaxBytes = f.MaxBytes
	}
	if len(f.Accept) > 0 {
		p.Allowed = f.Accept
	}
	return p
}

// Add attaches a file to the slot field of an application that p may edit.
// The file is checked and stored first; the case then records it in one
// transaction, so an interrupted upload leaves at most an unreferenced blob.
func (fl *Files) Add(ctx context.Context, p access.Principal, req access.Request, caseID, field, name, declared string, r io.Reader) (Attachment, error) {
	c, role, err := fl.s.Get(ctx, p, caseID)
	if err != nil {
		return Attachment{}, err
	}
	if !role.Apply {
		return Attachment{}, errs.E(errs.Forbidden, "no right to change the application")
	}
	if err := fl.s.editable(c); err != nil {
		return Attachment{}, err
	}
	form, err := fl.s.Form(ctx, c)
	if err != nil {
		return Attachment{}, err
	}
	f, ok := slot(form.Form(), field)
	if !ok {
		return Attachment{}, errs.E(errs.Invalid, "the form has no attachment slot "+field)
	}
	pol := policyOf(f)
	up, err := files.Inspect(ctx, r, name, declared, pol, fl.scanner)
	if err != nil {
		return Attachment{}, err
	}
	defer up.Close()
	obj, err := fl.blobs.Put(ctx, up, 0, up.ContentType())
	if err != nil {
		return Attachment{}, fmt.Errorf("store attachment: %w", err)
	}
	ck := up.Checked()
	a := Attachment{ID: identity.NewID(), CaseID: c.ID, Field: field, Name: ck.Name, ContentType: ck.ContentType, Size: obj.Size,
		SHA256: obj.SHA256, BlobKey: obj.Key, Scanned: ck.Scanned, UploadedBy: p.PersonID}
	_, err = fl.s.change(ctx, p, caseID, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if err := fl.s.editable(*c); err != nil {
			return err
		}
		a.CreatedAt = now
		if err := insertAttachment(ctx, tx, a); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET updated_at = $1 WHERE id = $2`, now.UTC(), c.ID); err != nil {
			return fmt.Errorf("touch case %s: %w", c.ID, err)
		}
		return audit.Record(ctx, tx, fl.s.db.Dialect, now, p, req, "attachment.add", "case", c.ID, "ok",
			map[string]any{"attachment": a.ID, "field": field, "sha256": a.SHA256, "size": a.Size})
	})
	return a, err
}

// Remove takes an attachment off an application being edited. The file stays
// in the versions already sent.
func (fl *Files) Remove(ctx context.Context, p access.Principal, req access.Request, caseID, id string) error {
	_, err := fl.s.change(ctx, p, caseID, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if err := fl.s.editable(*c); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE attachments SET removed_at = $1 WHERE id = $2 AND case_id = $3 AND removed_at IS NULL`, now.UTC(), id, c.ID)
		if err != nil {
			return fmt.Errorf("remove attachment %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "no such attachment")
		}
		return audit.Record(ctx, tx, fl.s.db.Dialect, now, p, req, "attachment.remove", "case", c.ID, "ok", map[string]any{"attachment": id})
	})
	return err
}

// Open returns an attachment of a case p may see, with its content. Every
// download is in the audit log.
func (fl *Files) Open(ctx context.Context, p access.Principal, req access.Request, caseID, id string) (Attachment, io.ReadCloser, error) {
	if _, _, err := fl.s.Get(ctx, p, caseID); err != nil {
		return Attachment{}, nil, err
	}
	a, err := scanAttachment(fl.s.db.Read.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = $1 AND case_id = $2`, id, caseID))
	if err != nil {
		return Attachment{}, nil, errs.E(errs.NotFound, "no such attachment")
	}
	rc, err := fl.blobs.Open(ctx, a.BlobKey)
	if err != nil {
		return Attachment{}, nil, err
	}
	err = fl.s.db.InTx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, fl.s.db.Dialect, fl.s.clock.Now(), p, req, "attachment.read", "case", caseID, "ok", map[string]any{"attachment": id})
	})
	if err != nil {
		rc.Close()
		return Attachment{}, nil, err
	}
	return a, rc, nil
}

// Current lists the attachments of the working copy of a case p may see.
func (fl *Files) Current(ctx context.Context, p access.Principal, caseID string) ([]Attachment, error) {
	if _, _, err := fl.s.Get(ctx, p, caseID); err != nil {
		return nil, err
	}
	all, err := attachments(ctx, fl.s.db.Read, caseID)
	if err != nil {
		return nil, err
	}
	return nonNil(activeAttachments(all)), nil
}
