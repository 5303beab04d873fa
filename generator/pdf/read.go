package pdf

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Info is what a printed PDF says about itself.
type Info struct {
	Pages          int
	Title, Subject string
	Tagged         bool // has a structure tree (marked, for screen readers)
	Bookmarks      []Bookmark
	// Dests maps each named destination (an element id that a link in the
	// document points at) to the page it is on, from 1.
	Dests map[string]int
	// Landscape are the pages wider than tall, from 1.
	Landscape []int
}

// Bookmark is one entry of the outline, flattened; Level 0 is the top.
type Bookmark struct {
	Title string
	Page  int
	Level int
}

func config() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

// Read reads the PDF b.
func Read(b []byte) (Info, error) {
	ctx, err := api.ReadAndValidate(bytes.NewReader(b), config())
	if err != nil {
		return Info{}, fmt.Errorf("reading the PDF: %w", err)
	}
	info := Info{Pages: ctx.PageCount, Title: ctx.Title, Subject: ctx.Subject, Tagged: ctx.Tagged, Dests: map[string]int{}}
	// Chromium's outline is at most a few hundred headings.
	bms, err := pdfcpu.Bookmarks(ctx)
	if err != nil {
		return Info{}, fmt.Errorf("reading the PDF's outline: %w", err)
	}
	var flatten func([]pdfcpu.Bookmark, int)
	flatten = func(bms []pdfcpu.Bookmark, level int) {
		for _, bm := range bms {
			info.Bookmarks = append(info.Bookmarks, Bookmark{bm.Title, bm.PageFrom, level})
			flatten(bm.Kids, level+1)
		}
	}
	flatten(bms, 0)
	dims, err := ctx.PageDims()
	if err != nil {
		return Info{}, fmt.Errorf("reading the PDF's page sizes: %w", err)
	}
	for i, d := range dims {
		if d.Width > d.Height {
			info.Landscape = append(info.Landscape, i+1)
		}
	}
	dest := func(name string, o types.Object) error {
		arr, err := ctx.DereferenceDestArray(name)
		if err != nil || len(arr) == 0 {
			return fmt.Errorf("destination %q: %v", name, err)
		}
		ref, ok := arr[0].(types.IndirectRef)
		if !ok {
			return fmt.Errorf("destination %q does not name a page", name)
		}
		n, err := ctx.PageNumber(ref.ObjectNumber.Value())
		if err != nil {
			return fmt.Errorf("destination %q: %w", name, err)
		}
		info.Dests[name] = n
		return nil
	}
	// Old PDFs keep named destinations in the catalog's /Dests, newer in
	// the name tree; Chromium has used both.
	for name, o := range ctx.Dests {
		if err := dest(name, o); err != nil {
			return Info{}, err
		}
	}
	if err := ctx.LocateNameTree("Dests", false); err != nil {
		return Info{}, err
	}
	if tree := ctx.Names["Dests"]; tree != nil {
		err := tree.Process(ctx.XRefTable, func(_ *model.XRefTable, name string, o *types.Object) error {
			return dest(name, *o)
		})
		if err != nil {
			return Info{}, err
		}
	}
	return info, nil
}
