package v1alpha1

import (
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Kinds that traffic and extension policies may target, and the route kinds
// among them, which are the only targets a merging policy may have.
var (
	trafficTargetKinds = []gwapiv1.Kind{kindGateway, kindListenerSet, kindHTTPRoute, kindGRPCRoute, kindUDPRoute, kindTCPRoute, kindTLSRoute}
	trafficRouteKinds  = []gwapiv1.Kind{kindHTTPRoute, kindGRPCRoute, kindUDPRoute, kindTCPRoute, kindTLSRoute}
	// admissionControlTargetKinds are the targets admission control works on.
	admissionControlTargetKinds = []gwapiv1.Kind{kindGateway, kindListenerSet, kindHTTPRoute, kindGRPCRoute}
)

// minSamplingWindow is the shortest admission control sampling window.
const minSamplingWindow = time.Second

// grpcStatusCodes are the gRPC status names admission control can count as
// successes.
var grpcStatusCodes = []GRPCSuccessCode{
	GRPCSuccessCodeOk, GRPCSuccessCodeCancelled, GRPCSuccessCodeUnknown, GRPCSuccessCodeInvalidArgument,
	GRPCSuccessCodeDeadlineExceeded, GRPCSuccessCodeNotFound, GRPCSuccessCodeAlreadyExists,
	GRPCSuccessCodePermissionDenied, GRPCSuccessCodeResourceExhausted, GRPCSuccessCodeFailedPrecondition,
	GRPCSuccessCodeAborted, GRPCSuccessCodeOutOfRange, GRPCSuccessCodeUnimplemented, GRPCSuccessCodeInternal,
	GRPCSuccessCodeUnavailable, GRPCSuccessCodeDataLoss, GRPCSuccessCodeUnauthenticated,
}

// Validate checks the BackendTrafficPolicy against the rules of its published
// schema: see the package documentation for what that covers.
func (b *BackendTrafficPolicy) Validate() field.ErrorList {
	if b == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &b.Spec
	errs := validateTargets(s.PolicyTargetReferences, p, trafficTargetKinds)
	errs = append(errs, validateClusterSettings(&s.ClusterSettings, p)...)
	errs = append(errs, validateMergeType(s.MergeType, s.PolicyTargetReferences, p, trafficRouteKinds)...)
	errs = append(errs, validateRateLimit(s.RateLimit, p.Child("rateLimit"))...)
	errs = append(errs, validateBandwidthLimit(s.BandwidthLimit, p.Child("bandwidthLimit"))...)
	errs = append(errs, validateFaultInjection(s.FaultInjection, p.Child("faultInjection"))...)
	errs = append(errs, validateAdmissionControl(s.AdmissionControl, p.Child("admissionControl"))...)
	if s.AdmissionControl != nil {
		errs = append(errs, onlyForTargetKinds(s.PolicyTargetReferences, p, p.Child("admissionControl"), admissionControlTargetKinds)...)
	}
	errs = append(errs, validateCompressions(s.Compression, p.Child("compression"))...)
	errs = append(errs, validateCompressions(s.Compressor, p.Child("compressor"))...)
	if s.Compression != nil && s.Compressor != nil {
		errs = append(errs, field.Forbidden(p.Child("compression"), "may not be set together with compressor, which replaces it"))
	}
	errs = append(errs, validateResponseOverrides(s.ResponseOverride, p.Child("responseOverride"))...)
	errs = append(errs, validateHTTPUpgrades(s.HTTPUpgrade, p.Child("httpUpgrade"))...)
	if s.RequestBuffer != nil && len(s.HTTPUpgrade) > 0 {
		errs = append(errs, field.Forbidden(p.Child("httpUpgrade"), "may not be set together with requestBuffer"))
	}
	if s.Telemetry != nil {
		errs = append(errs, validateTracing(s.Telemetry.Tracing, p.Child("telemetry", "tracing"))...)
	}
	return errs
}

// validateBandwidthLimit checks bandwidth limits; at least one direction must
// be limited.
func validateBandwidthLimit(bl *BandwidthLimitSpec, p *field.Path) field.ErrorList {
	if bl == nil {
		return nil
	}
	var errs field.ErrorList
	if bl.Request != nil {
		errs = append(errs, validateBandwidthLimitValue(bl.Request.Limit, p.Child("request", "limit"))...)
	}
	if r := bl.Response; r != nil {
		errs = append(errs, validateBandwidthLimitValue(r.Limit, p.Child("response", "limit"))...)
		if r.ResponseTrailers != nil {
			errs = append(errs, optionalString(r.ResponseTrailers.Prefix, p.Child("response", "responseTrailers", "prefix"), singleLineFormat)...)
		}
	}
	return append(errs, atLeastOne(p, member{"request", bl.Request != nil}, member{"response", bl.Response != nil})...)
}

// validateBandwidthLimitValue checks one bandwidth limit's unit.
func validateBandwidthLimitValue(v BandwidthLimitValue, p *field.Path) field.ErrorList {
	return requiredEnum(v.Unit, p.Child("unit"), BandwidthLimitUnitSecond, BandwidthLimitUnitMinute, BandwidthLimitUnitHour)
}

// validateFaultInjection checks fault injection: a delay, an abort, or both,
// and an abort answers with exactly one of an HTTP or a gRPC status.
func validateFaultInjection(fi *FaultInjection, p *field.Path) field.ErrorList {
	if fi == nil {
		return nil
	}
	var errs field.ErrorList
	if fi.Delay != nil {
		errs = append(errs, requiredDuration(fi.Delay.FixedDelay, p.Child("delay", "fixedDelay"))...)
	}
	if a := fi.Abort; a != nil {
		ap := p.Child("abort")
		errs = append(errs, optionalIntRange(a.HTTPStatus, ap.Child("httpStatus"), 200, 600)...)
		errs = append(errs, optionalIntRange(a.GRPCStatus, ap.Child("grpcStatus"), 0, 16)...)
		errs = append(errs, exactlyOne(ap, member{"httpStatus", a.HTTPStatus != nil}, member{"grpcStatus", a.GRPCStatus != nil})...)
	}
	return append(errs, atLeastOne(p, member{"delay", fi.Delay != nil}, member{"abort", fi.Abort != nil})...)
}

// validateAdmissionControl checks admission control settings. Its percentage
// ranges are enforced by both the schema and CEL rules; they are checked once.
func validateAdmissionControl(ac *AdmissionControl, p *field.Path) field.ErrorList {
	if ac == nil {
		return nil
	}
	errs := optionalDuration(ac.SamplingWindow, p.Child("samplingWindow"))
	if ac.SamplingWindow != nil {
		if d, ok := parseDuration(*ac.SamplingWindow); ok && d < minSamplingWindow {
			errs = append(errs, field.Invalid(p.Child("samplingWindow"), string(*ac.SamplingWindow), "must be at least 1s"))
		}
	}
	errs = append(errs, optionalIntRange(ac.MinSuccessRate, p.Child("minSuccessRate"), 1, 100)...)
	errs = append(errs, optionalIntRange(ac.RejectionAggression, p.Child("rejectionAggression"), 1, noMax)...)
	errs = append(errs, optionalIntRange(ac.MinRequestRate, p.Child("minRequestRate"), 0, noMax)...)
	errs = append(errs, optionalIntRange(ac.MaxRejectionPercent, p.Child("maxRejectionPercent"), 0, 100)...)
	if sc := ac.SuccessCriteria; sc != nil {
		sp := p.Child("successCriteria")
		if sc.HTTP != nil {
			errs = append(errs, httpStatuses(sc.HTTP.StatusCodes, sp.Child("http", "statusCodes"))...)
		}
		if sc.GRPC != nil {
			errs = append(errs, enumItems(sc.GRPC.StatusCodes, sp.Child("grpc", "statusCodes"), grpcStatusCodes...)...)
		}
	}
	return errs
}

// validateHTTPUpgrades checks the allowed protocol upgrades; CONNECT settings
// only apply to CONNECT.
func validateHTTPUpgrades(us []ProtocolUpgradeConfig, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, u := range us {
		up := p.Index(i)
		errs = append(errs, required(u.Type != "", up.Child("type"))...)
		if u.Connect != nil && u.Type != "CONNECT" {
			errs = append(errs, field.Forbidden(up.Child("connect"), "may only be set when type is CONNECT"))
		}
	}
	return errs
}
