// Package files checks attachments at the door, before they reach the blob
// store: the type is read from the content (never trusted from the name or
// the browser), a name whose extension the content contradicts is refused,
// size and type follow a Policy, and a virus scanner (clamd) reads every byte.
// It also makes thumbnails of images.
//
// The usual path is Inspect, whose Upload is read by blob.Store.Put:
//
//	up, err := files.Inspect(ctx, part, part.FileName(), part.Header.Get("Content-Type"), policy, scanner)
//	if err != nil {
//		return err // files.Code(err) says why, "" for our own failures
//	}
//	defer up.Close()
//	obj, err := blobs.Put(ctx, up, policy.MaxBytes, up.ContentType())
//	if err != nil {
//		return err // a refusal found while streaming (size, virus) fails Put
//	}
//	checked := up.Checked()
package files

import (
	"mime"

	"github.com/gabriel-vasile/mimetype"
)

// HeadSize is how many leading bytes Detect looks at.
const HeadSize = 3072

// Detect returns the MIME type of content starting with head, without
// parameters ("text/plain", not "text/plain; charset=utf-8"). Only the first
// HeadSize bytes matter; unknown content is "application/octet-stream".
func Detect(head []byte) string {
	return plain(mimetype.Detect(head).String())
}

// plain strips parameters and case from a media type; "" when it is no type.
func plain(t string) string {
	mt, _, err := mime.ParseMediaType(t)
	if err != nil {
		return ""
	}
	return mt
}

// byExtension names the type a file name's extension claims. Extensions not
// listed claim nothing, and the content alone decides.
var byExtension = map[string]string{
	".pdf":  "application/pdf",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".jpe":  "image/jpeg",
	".jfif": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".txt":  "text/plain",
	".csv":  "text/csv",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".zip":  "application/zip",
	".doc":  "application/msword",
	".xls":  "application/vnd.ms-excel",
	".html": "text/html",
	".htm":  "text/html",
	".svg":  "image/svg+xml",
	".xml":  "text/xml",
	".json": "application/json",
}

// programs are extensions that Windows or a browser would run. A name ending
// in one is refused whatever the content, as nobody should be offered
// "kuva.exe" to download, even when it holds a picture.
var programs = map[string]bool{
	".exe": true, ".com": true, ".bat": true, ".cmd": true, ".scr": true,
	".pif": true, ".msi": true, ".msp": true, ".dll": true, ".cpl": true,
	".js": true, ".jse": true, ".vbs": true, ".vbe": true, ".wsf": true,
	".wsh": true, ".hta": true, ".ps1": true, ".psm1": true, ".lnk": true,
	".jar": true, ".reg": true, ".sh": true, ".app": true, ".apk": true,
	".iso": true, ".img": true, ".vhd": true, ".vhdx": true, ".appx": true,
	".msix": true, ".scf": true, ".url": true, ".xll": true, ".docm": true,
	".xlsm": true, ".pptm": true,
}

// agree tells whether content detected as detected may carry a name that
// claims claimed, and which type the file then is:
//   - the content is the claimed type or a kind of it (HTML in a .txt is
//     text/plain, and is served as such);
//   - the detector stopped at a family the claimed type belongs to (a CSV it
//     could not tell from plain text, an Office file whose telling entries lie
//     past the head, which is then only a ZIP): the claim is believed;
//   - one raster image named as another (a WebP saved as .jpg happens): the
//     content is believed.
func agree(claimed, detected string) (string, bool) {
	d := mimetype.Lookup(detected)
	c := mimetype.Lookup(claimed)
	if d == nil || c == nil {
		return "", false
	}
	if isA(d, claimed) {
		return claimed, true
	}
	if detected != "application/octet-stream" && isA(c, detected) {
		return claimed, true
	}
	if raster[claimed] && raster[detected] {
		return detected, true
	}
	return "", false
}

// raster are the image types a browser shows and Thumbnail reads.
var raster = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
}

// isA reports whether m is the type t or descends from it in the detector's
// hierarchy (text/csv is a text/plain, a DOCX is a ZIP).
func isA(m *mimetype.MIME, t string) bool {
	for ; m != nil; m = m.Parent() {
		if m.Is(t) {
			return true
		}
	}
	return false
}

// claim is the type the name claims, or failing that the declared type when
// it is one the name could have claimed; "" when neither claims anything.
// The declared type counts only without an extension, because browsers
// declare from the extension anyway and some declare oddly (Windows with
// Excel sends CSV files as application/vnd.ms-excel).
func claim(name, declared string) string {
	if ext := extension(name); ext != "" {
		return byExtension[ext]
	}
	d := plain(declared)
	for _, t := range byExtension {
		if t == d {
			return d
		}
	}
	return ""
}
