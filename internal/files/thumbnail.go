package files

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// MaxPixels is the largest image Thumbnail decodes. A few kilobytes of PNG
// can claim a 100 000 × 100 000 canvas; the header is read first and such
// an image is refused before any pixel memory is taken.
const MaxPixels = 50_000_000

// ThumbnailType is the type of what Thumbnail makes.
const ThumbnailType = "image/png"

// Previewable tells how a browser can preview content of the given type:
// "image" for the raster images Thumbnail reads, "pdf" for PDF, which
// browsers show inline, and "" for types to download only.
func Previewable(contentType string) string {
	switch t := plain(contentType); {
	case raster[t]:
		return "image"
	case t == "application/pdf":
		return "pdf"
	}
	return ""
}

// decoders read the raster types by name, so that Thumbnail decodes the
// type the checks settled on and nothing else.
var decoders = map[string]struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}{
	"image/png":  {png.DecodeConfig, png.Decode},
	"image/jpeg": {jpeg.DecodeConfig, jpeg.Decode},
	"image/gif":  {gif.DecodeConfig, gif.Decode}, // the first frame
	"image/webp": {webp.DecodeConfig, webp.Decode},
}

// Thumbnail reads an image of contentType (PNG, JPEG, GIF or WebP) from r
// and returns it as a PNG whose longer side is at most maxSide pixels.
// Smaller images keep their size. Images over MaxPixels are refused.
func Thumbnail(r io.Reader, contentType string, maxSide int) ([]byte, error) {
	dec, ok := decoders[plain(contentType)]
	if !ok {
		return nil, fmt.Errorf("thumbnail: %s is not an image type", contentType)
	}
	if maxSide < 1 {
		return nil, fmt.Errorf("thumbnail: size %d is not positive", maxSide)
	}
	// The header is read through a copy, which the decoder then reads again.
	var header bytes.Buffer
	cfg, err := dec.config(io.TeeReader(r, &header))
	if err != nil {
		return nil, fmt.Errorf("thumbnail: read image header: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("thumbnail: image of %d × %d pixels refused", cfg.Width, cfg.Height)
	}
	src, err := dec.decode(io.MultiReader(&header, r))
	if err != nil {
		return nil, fmt.Errorf("thumbnail: decode image: %w", err)
	}
	w, h := fit(src.Bounds().Dx(), src.Bounds().Dy(), maxSide)
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, fmt.Errorf("thumbnail: encode: %w", err)
	}
	return out.Bytes(), nil
}

// fit scales w × h down to fit in a square of the given side, keeping the
// aspect ratio and at least one pixel each way.
func fit(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, h*side/w)
	}
	return max(1, w*side/h), side
}
