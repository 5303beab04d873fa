package model

// BoxKind is a kind of box (admonition) a content block can be: note:, tip:
// and so on. BoxKinds is the one table of them: render writes a box with its
// Alert, validate counts and checks boxes through it, the JSON Schema's
// "exactly one kind" and box descriptions come from it, and the portal's
// blockquote hook (layouts/_markup/render-blockquote.html, its table in
// layouts/_partials/box-kinds.html) keeps the same
// kinds with the same titles, which a site test proves by iterating this
// table.
type BoxKind struct {
	// Key is the block's YAML key, and in the hook the kind and the CSS
	// class suffix (admonition-<key>).
	Key string
	// Alert is the name written in Markdown: > [!NOTE].
	Alert string
	// Title is the box's heading on the page.
	Title string
	text  func(*Block) *string
}

// BoxKinds are the portal's boxes, in Docusaurus's vocabulary (its five
// admonitions), in the order the documentation names them.
var BoxKinds = []BoxKind{
	{"note", "NOTE", "Note", func(b *Block) *string { return &b.Note }},
	{"tip", "TIP", "Tip", func(b *Block) *string { return &b.Tip }},
	{"info", "INFO", "Info", func(b *Block) *string { return &b.Info }},
	{"warning", "WARNING", "Warning", func(b *Block) *string { return &b.Warning }},
	{"danger", "DANGER", "Danger", func(b *Block) *string { return &b.Danger }},
}

// Of returns the box's Markdown in b ("" when b is not this kind of box).
func (k BoxKind) Of(b *Block) string { return *k.text(b) }

// Set makes b this kind of box, holding md.
func (k BoxKind) Set(b *Block, md string) { *k.text(b) = md }

// Kinds returns the YAML keys of the kinds b has (exactly one in valid
// data): text, a box, placeholder or table.
func (b *Block) Kinds() []string {
	var ks []string
	if b.Text != "" {
		ks = append(ks, "text")
	}
	for _, k := range BoxKinds {
		if k.Of(b) != "" {
			ks = append(ks, k.Key)
		}
	}
	if b.Placeholder != "" {
		ks = append(ks, "placeholder")
	}
	if b.Table != nil {
		ks = append(ks, "table")
	}
	return ks
}

// BlockKinds are the keys that give a content block its kind, in the order
// Kinds reports them.
func BlockKinds() []string {
	ks := []string{"text"}
	for _, k := range BoxKinds {
		ks = append(ks, k.Key)
	}
	return append(ks, "placeholder", "table")
}
