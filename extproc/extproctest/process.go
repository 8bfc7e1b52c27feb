package extproctest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	filterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_proc/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// direction is one half of the exchange, as Envoy's filter holds it.
type direction struct {
	request  bool
	headers  headerList
	body     []byte
	trailers headerList
}

func (d *direction) phases() (headers, body, trailers extproc.Phase) {
	if d.request {
		return extproc.PhaseRequestHeaders, extproc.PhaseRequestBody, extproc.PhaseRequestTrailers
	}
	return extproc.PhaseResponseHeaders, extproc.PhaseResponseBody, extproc.PhaseResponseTrailers
}

// modes returns the current modes for the direction: whether headers are
// sent (DEFAULT means yes), the body mode, and whether trailers are sent
// (DEFAULT means no).
func (r *run) modes(d *direction) (sendHeaders bool, body extproc.BodyMode, sendTrailers bool) {
	if d.request {
		return r.mode.RequestHeader != extproc.SendModeSkip, r.mode.RequestBody, r.mode.RequestTrailer == extproc.SendModeSend
	}
	return r.mode.ResponseHeader != extproc.SendModeSkip, r.mode.ResponseBody, r.mode.ResponseTrailer == extproc.SendModeSend
}

// removesContentLength reports whether Envoy drops content-length because
// it cannot promise the body keeps its length.
func (r *run) removesContentLength(body extproc.BodyMode, sendHeaders bool) bool {
	if r.cfg.allowContentLength {
		return false
	}
	return body == extproc.BodyModeStreamed || body == extproc.BodyModeBufferedPartial ||
		(body == extproc.BodyModeBuffered && !sendHeaders)
}

// process runs one direction through the processor: headers, body,
// trailers, each as the current mode says.
func (r *run) process(d *direction) {
	if r.stopped() {
		return
	}
	hPhase, bPhase, tPhase := d.phases()
	hasBody, hasTrailers := len(d.body) > 0, len(d.trailers) > 0
	sendHeaders, bodyMode, _ := r.modes(d)
	removeCL := !r.complete && r.removesContentLength(bodyMode, sendHeaders)

	held := false     // headers still held, so body answers may change them
	finished := false // CONTINUE_AND_REPLACE: nothing more is sent this way
	if sendHeaders && !r.complete {
		req := newRequest()
		hh := &extprocv3.HttpHeaders{Headers: d.headers.proto(r.cfg.rawValues), EndOfStream: !hasBody && !hasTrailers}
		if d.request {
			req.Request = &extprocv3.ProcessingRequest_RequestHeaders{RequestHeaders: hh}
		} else {
			req.Request = &extprocv3.ProcessingRequest_ResponseHeaders{ResponseHeaders: hh}
		}
		resp := r.roundTrip(hPhase, req)
		if r.stopped() {
			return
		}
		if resp != nil {
			common := resp.GetRequestHeaders().GetResponse()
			if !d.request {
				common = resp.GetResponseHeaders().GetResponse()
			}
			replacing := common.GetStatus() == extprocv3.CommonResponse_CONTINUE_AND_REPLACE
			_, bodyNow, _ := r.modes(d)
			if hm := common.GetHeaderMutation(); hm != nil {
				opts := mutationOpts{replacing: replacing, dropContentLength: r.removesContentLength(bodyNow, sendHeaders)}
				if err := r.applyHeaders(hPhase, &d.headers, hm, opts); err != nil {
					r.localError(hPhase, r.cfg.statusOnError, err)
					return
				}
			}
			r.clearRouteCache(d, hPhase, common)
			if replacing {
				finished = true
				if bm := common.GetBodyMutation(); bm != nil {
					d.headers.remove("content-length")
					d.body = r.applyBody(hPhase, bm, nil)
				}
			} else {
				held = true
				if common.GetBodyMutation() != nil {
					r.note("%s: body_mutation ignored: Envoy applies it to headers only with CONTINUE_AND_REPLACE", hPhase)
				}
			}
		}
	}
	if removeCL {
		d.headers.remove("content-length")
	}

	_, bodyMode, _ = r.modes(d)
	if hasBody && !finished && !r.complete {
		switch bodyMode {
		case extproc.BodyModeBuffered:
			r.buffered(d, bPhase, held, hasTrailers)
		case extproc.BodyModeBufferedPartial:
			r.partial(d, bPhase, held, hasTrailers)
		case extproc.BodyModeStreamed:
			r.streamed(d, bPhase, hasTrailers)
		}
		if r.stopped() {
			return
		}
	}

	_, _, sendTrailers := r.modes(d)
	if hasTrailers && sendTrailers && !finished && !r.complete {
		req := newRequest()
		ht := &extprocv3.HttpTrailers{Trailers: d.trailers.proto(r.cfg.rawValues)}
		if d.request {
			req.Request = &extprocv3.ProcessingRequest_RequestTrailers{RequestTrailers: ht}
		} else {
			req.Request = &extprocv3.ProcessingRequest_ResponseTrailers{ResponseTrailers: ht}
		}
		resp := r.roundTrip(tPhase, req)
		if resp == nil {
			return
		}
		hm := resp.GetRequestTrailers().GetHeaderMutation()
		if !d.request {
			hm = resp.GetResponseTrailers().GetHeaderMutation()
		}
		if hm != nil {
			if err := r.applyHeaders(tPhase, &d.trailers, hm, mutationOpts{}); err != nil {
				r.localError(tPhase, r.cfg.statusOnError, err)
			}
		}
	}
}

func bodyRequest(request bool, chunk []byte, eos bool) *extprocv3.ProcessingRequest {
	req := newRequest()
	hb := &extprocv3.HttpBody{Body: chunk, EndOfStream: eos}
	if request {
		req.Request = &extprocv3.ProcessingRequest_RequestBody{RequestBody: hb}
	} else {
		req.Request = &extprocv3.ProcessingRequest_ResponseBody{ResponseBody: hb}
	}
	return req
}

func bodyCommon(request bool, resp *extprocv3.ProcessingResponse) *extprocv3.CommonResponse {
	if request {
		return resp.GetRequestBody().GetResponse()
	}
	return resp.GetResponseBody().GetResponse()
}

// buffered sends the whole body at once.
func (r *run) buffered(d *direction, p extproc.Phase, held, hasTrailers bool) {
	if len(d.body) > r.cfg.bufferLimit {
		status := http.StatusInternalServerError
		if d.request {
			status = http.StatusRequestEntityTooLarge
		}
		r.localError(p, status, fmt.Errorf("%w: %d bytes, limit %d", ErrBufferLimit, len(d.body), r.cfg.bufferLimit))
		return
	}
	resp := r.roundTrip(p, bodyRequest(d.request, d.body, !hasTrailers))
	if resp == nil {
		return
	}
	common := bodyCommon(d.request, resp)
	if !r.bodyHeaderMutation(d, p, common, held) {
		return
	}
	if bm := common.GetBodyMutation(); bm != nil {
		if cl, ok := d.headers.get("content-length"); ok && held {
			if n, err := strconv.Atoi(cl); err == nil && n != len(bm.GetBody()) {
				r.localError(p, r.cfg.statusOnError, fmt.Errorf("%w: content-length %d does not match the mutated body of %d bytes", ErrInvalidMutation, n, len(bm.GetBody())))
				return
			}
		}
		d.body = r.applyBody(p, bm, d.body)
	}
	r.clearRouteCache(d, p, common)
}

// partial buffers chunks until the limit is exceeded or the body ends, sends
// that prefix, and lets the rest through.
func (r *run) partial(d *direction, p extproc.Phase, held, hasTrailers bool) {
	chunks := split(d.body, r.cfg.chunkSize)
	n, size := 0, 0
	for n < len(chunks) {
		size += len(chunks[n])
		n++
		if size > r.cfg.bufferLimit {
			break
		}
	}
	prefix, rest := d.body[:size], d.body[size:]
	resp := r.roundTrip(p, bodyRequest(d.request, prefix, n == len(chunks) && !hasTrailers))
	if resp == nil {
		return
	}
	common := bodyCommon(d.request, resp)
	if !r.bodyHeaderMutation(d, p, common, held) {
		return
	}
	if bm := common.GetBodyMutation(); bm != nil {
		prefix = r.applyBody(p, bm, prefix)
	}
	d.body = append(slices.Clone(prefix), rest...)
	r.clearRouteCache(d, p, common)
}

// streamed sends the body chunk by chunk, without waiting for answers while
// less than the buffer limit is outstanding, and applies each answer to its
// chunk in order.
func (r *run) streamed(d *direction, p extproc.Phase, hasTrailers bool) {
	chunks := split(d.body, r.cfg.chunkSize)
	out := make([][]byte, len(chunks))
	copy(out, chunks)
	sent, answered, outstanding := 0, 0, 0
	settle := func() bool {
		resp := r.answer(p)
		if resp == nil {
			return false
		}
		common := bodyCommon(d.request, resp)
		if common.GetHeaderMutation() != nil {
			r.note("%s: header_mutation ignored: in STREAMED mode the headers have already gone on", p)
		}
		if bm := common.GetBodyMutation(); bm != nil {
			out[answered] = r.applyBody(p, bm, out[answered])
		}
		r.clearRouteCache(d, p, common)
		outstanding -= len(chunks[answered])
		answered++
		return true
	}
	for i, c := range chunks {
		if !r.send(p, bodyRequest(d.request, c, i == len(chunks)-1 && !hasTrailers)) {
			break
		}
		sent++
		outstanding += len(c)
		for outstanding > r.cfg.bufferLimit && answered < sent {
			if !settle() {
				break
			}
		}
		if r.stopped() || r.complete {
			break
		}
	}
	for answered < sent && !r.stopped() && !r.complete {
		if !settle() {
			break
		}
	}
	if r.stopped() {
		return
	}
	d.body = slices.Concat(out...)
}

func split(b []byte, size int) [][]byte {
	var out [][]byte
	for len(b) > size {
		out = append(out, b[:size])
		b = b[size:]
	}
	return append(out, b)
}

// bodyHeaderMutation applies a body answer's header mutation when Envoy
// still holds the headers. It returns false when processing stopped.
func (r *run) bodyHeaderMutation(d *direction, p extproc.Phase, common *extprocv3.CommonResponse, held bool) bool {
	hm := common.GetHeaderMutation()
	if hm == nil {
		return true
	}
	if !held {
		r.note("%s: header_mutation ignored: headers were not sent to the processor, so Envoy does not hold them", p)
		return true
	}
	sendHeaders, bodyMode, _ := r.modes(d)
	opts := mutationOpts{dropContentLength: r.removesContentLength(bodyMode, sendHeaders)}
	if err := r.applyHeaders(p, &d.headers, hm, opts); err != nil {
		r.localError(p, r.cfg.statusOnError, err)
		return false
	}
	return true
}

// applyBody applies a body mutation to data and returns the new bytes.
func (r *run) applyBody(p extproc.Phase, bm *extprocv3.BodyMutation, data []byte) []byte {
	switch m := bm.GetMutation().(type) {
	case *extprocv3.BodyMutation_Body:
		return slices.Clone(m.Body)
	case *extprocv3.BodyMutation_ClearBody:
		if m.ClearBody {
			return nil
		}
	case *extprocv3.BodyMutation_StreamedResponse:
		r.note("%s: streamed_response ignored: it belongs to FULL_DUPLEX_STREAMED mode", p)
	}
	return data
}

// clearRouteCache decides, as Envoy does, whether an answer clears the
// route cache.
func (r *run) clearRouteCache(d *direction, p extproc.Phase, common *extprocv3.CommonResponse) {
	asked := common.GetClearRouteCache()
	if !d.request {
		if asked {
			r.note("%s: clear_route_cache ignored on the response path", p)
		}
		return
	}
	if common.GetHeaderMutation() == nil {
		if asked {
			r.note("%s: clear_route_cache ignored: Envoy needs a header_mutation in the same answer", p)
		}
		return
	}
	switch r.cfg.routeCacheAction {
	case RouteCacheClear:
		r.res.RouteCacheCleared = true
	case RouteCacheRetain:
		if asked {
			r.note("%s: clear_route_cache ignored: route_cache_action is RETAIN", p)
		}
	default:
		if asked {
			r.res.RouteCacheCleared = true
		}
	}
}

// modeOverride applies a mode_override received in answer to headers, if
// the configuration allows it.
func (r *run) modeOverride(p extproc.Phase, mo *filterv3.ProcessingMode) {
	if mo == nil {
		return
	}
	if !r.cfg.allowModeOverride {
		r.note("%s: mode_override ignored: allow_mode_override is not set", p)
		return
	}
	eff := effectiveOverride(extproc.ModeFromProto(mo), r.cfg.mode)
	if err := checkMode(eff); err != nil {
		r.note("%s: mode_override ignored: %v", p, err)
		return
	}
	if len(r.cfg.allowedOverrideModes) > 0 && !slices.ContainsFunc(r.cfg.allowedOverrideModes, func(a extproc.ProcessingMode) bool {
		a.RequestHeader = eff.RequestHeader // not compared, as in Envoy
		return a == eff
	}) {
		r.note("%s: mode_override ignored: %s is not in allowed_override_modes", p, eff)
		return
	}
	r.mode = eff
	r.res.ModeOverridden = true
}

// effectiveOverride merges an override into the configured mode: header and
// trailer modes left DEFAULT keep the configured value; body modes always
// come from the override.
func effectiveOverride(o, configured extproc.ProcessingMode) extproc.ProcessingMode {
	m := configured
	for _, f := range []struct{ dst, src *extproc.SendMode }{
		{&m.RequestHeader, &o.RequestHeader},
		{&m.ResponseHeader, &o.ResponseHeader},
		{&m.RequestTrailer, &o.RequestTrailer},
		{&m.ResponseTrailer, &o.ResponseTrailer},
	} {
		if *f.src != extproc.SendModeDefault {
			*f.dst = *f.src
		}
	}
	m.RequestBody, m.ResponseBody = o.RequestBody, o.ResponseBody
	return m
}

type mutationOpts struct {
	replacing         bool // CONTINUE_AND_REPLACE: ":method" may change
	dropContentLength bool // content-length sets are skipped
}

// applyHeaders applies a header mutation to l the way Envoy does: size
// limits, then removals, then sets and appends, each checked against the
// mutation rules.
func (r *run) applyHeaders(p extproc.Phase, l *headerList, hm *extprocv3.HeaderMutation, opts mutationOpts) error {
	if len(hm.GetRemoveHeaders()) > MaxHeadersCount || len(hm.GetSetHeaders()) > MaxHeadersCount {
		return fmt.Errorf("%w: %s: more than %d headers in one mutation", ErrInvalidMutation, p, MaxHeadersCount)
	}
	for _, name := range hm.GetRemoveHeaders() {
		if !extproc.ValidHeaderName(name) {
			return fmt.Errorf("%w: %s: invalid header name %q in remove_headers", ErrInvalidMutation, p, name)
		}
		name = strings.ToLower(name)
		if err := r.checked(p, OpRemove, name, "", false, func() { l.remove(name) }); err != nil {
			return err
		}
	}
	for _, sh := range hm.GetSetHeaders() {
		h := sh.GetHeader()
		if h == nil {
			continue
		}
		if opts.dropContentLength && strings.EqualFold(h.GetKey(), "content-length") {
			r.note("%s: content-length mutation dropped: Envoy removes content-length in this body mode", p)
			continue
		}
		if h.GetValue() != "" && len(h.GetRawValue()) > 0 {
			return fmt.Errorf("%w: %s: header %q sets both value and raw_value", ErrInvalidMutation, p, h.GetKey())
		}
		value := string(h.GetRawValue())
		if r.cfg.rawValues && value == "" && h.GetValue() != "" {
			r.note("%s: header %q has its value in value, which Envoy ignores (it reads raw_value): set to empty", p, h.GetKey())
		}
		if !r.cfg.rawValues {
			value = h.GetValue()
			if value == "" && len(h.GetRawValue()) > 0 {
				r.note("%s: header %q has its value in raw_value, which Envoy ignores with send_header_raw_value off: set to empty", p, h.GetKey())
			}
		}
		if !extproc.ValidHeaderName(h.GetKey()) || !extproc.ValidHeaderValue(value) {
			return fmt.Errorf("%w: %s: invalid character in header %q", ErrInvalidMutation, p, h.GetKey())
		}
		name := strings.ToLower(h.GetKey())
		appendValue := sh.GetAppend().GetValue()
		if sh.GetAppend() == nil && sh.GetAppendAction() != 0 {
			r.note("%s: header %q: append_action %s ignored: Envoy's ext_proc reads only append, so the header is overwritten", p, name, sh.GetAppendAction())
		}
		op := OpSet
		if _, exists := l.get(name); appendValue && exists {
			op = OpAppend
		}
		apply := func() { l.set(name, value) }
		if appendValue {
			apply = func() { l.add(name, value) }
		}
		if err := r.checked(p, op, name, value, opts.replacing && name == ":method", apply); err != nil {
			return err
		}
	}
	if len(*l) > MaxHeadersCount || l.byteSize() > MaxHeadersKB*1024 {
		return fmt.Errorf("%w: %s: headers exceed %d lines or %d KiB after mutation", ErrInvalidMutation, p, MaxHeadersCount, MaxHeadersKB)
	}
	return nil
}

// checked runs apply if the rules allow the change (or force is set), and
// records a rejection otherwise. It returns an error when the refusal is
// fatal.
func (r *run) checked(p extproc.Phase, op Op, name, value string, force bool, apply func()) error {
	v, reason := r.cfg.rules.check(op, name, value)
	if force {
		v = verdictOK
	}
	switch v {
	case verdictOK:
		apply()
		return nil
	case verdictIgnore:
		r.res.Rejections = append(r.res.Rejections, Rejection{Phase: p, Op: op, Header: name, Reason: reason})
		return nil
	default:
		r.res.Rejections = append(r.res.Rejections, Rejection{Phase: p, Op: op, Header: name, Reason: reason, Fatal: true})
		return fmt.Errorf("%w: %s: %s %q: %s", ErrMutationRejected, p, op, name, reason)
	}
}
