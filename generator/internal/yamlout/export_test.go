package yamlout

// Fast and Reference are the two encoders Marshal chooses between, for the
// tests that hold them to the same bytes.
var (
	Fast      = fast
	Reference = reference
	ErrShape  = errShape
)
