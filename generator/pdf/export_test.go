package pdf

// FillPages is fillPages, for the tests of package pdf_test, which build
// the sample site.
var FillPages = fillPages
