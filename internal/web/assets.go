package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets serves the embedded static files under URLs that carry a hash of their
// content ("/static/css/luva.3f2a9c1b.css"), so browsers may cache them forever
// and a new release is fetched at once.
type Assets struct {
	urls  map[string]string // file name -> hashed URL path
	files map[string]string // hashed URL path -> file name
	fsys  fs.FS
}

// LoadAssets hashes every embedded static file.
func LoadAssets() (*Assets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	a := &Assets{urls: map[string]string{}, files: map[string]string{}, fsys: sub}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		a.urls[name] = hashed
		a.files[hashed] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	return a, nil
}

// URL returns the hashed URL of the named static file. An unknown name panics at
// template execution, which the page tests catch before release.
func (a *Assets) URL(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}

// ServeHTTP serves a hashed static file with a year-long immutable cache.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := a.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		http.Error(w, "static file unreadable", http.StatusInternalServerError)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(b) //nolint:errcheck // the client went away
}

// Icon returns the named Suomi.fi icon as inline SVG, so that it takes the
// colour of the text around it. The icons are decorative (aria-hidden).
func (a *Assets) Icon(name string) (template.HTML, error) {
	b, err := fs.ReadFile(a.fsys, "vendor/suomifi-icons/"+name+".svg")
	if err != nil {
		return "", fmt.Errorf("icon %s: %w", name, err)
	}
	svg := strings.Replace(string(b), "<svg ", `<svg class="icon" `, 1)
	return template.HTML(svg), nil // vendored file, not user input
}
