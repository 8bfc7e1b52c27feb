package extproc

// Phase names one of the six points of an HTTP exchange at which Envoy's
// ext_proc filter can consult a processor.
type Phase int

// The phases, in the order Envoy reaches them for one HTTP exchange.
const (
	PhaseRequestHeaders Phase = iota + 1
	PhaseRequestBody
	PhaseRequestTrailers
	PhaseResponseHeaders
	PhaseResponseBody
	PhaseResponseTrailers
)

var phaseNames = map[Phase]string{
	PhaseRequestHeaders:   "request_headers",
	PhaseRequestBody:      "request_body",
	PhaseRequestTrailers:  "request_trailers",
	PhaseResponseHeaders:  "response_headers",
	PhaseResponseBody:     "response_body",
	PhaseResponseTrailers: "response_trailers",
}

// String returns the name of the ProcessingRequest field that carries the
// phase, such as "request_headers".
func (p Phase) String() string {
	if s, ok := phaseNames[p]; ok {
		return s
	}
	return "unknown_phase"
}

// IsRequest reports whether the phase belongs to the request (decoding)
// direction.
func (p Phase) IsRequest() bool {
	return p >= PhaseRequestHeaders && p <= PhaseRequestTrailers
}
