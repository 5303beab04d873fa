package export

// The feed's parts, for the package's external tests (TestFeedIsTheLibrarys).
var (
	Calendar  = calendar
	Event     = event
	Feed      = feed
	ICSConfig = icsConfig
)
