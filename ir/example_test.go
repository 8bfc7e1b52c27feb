package ir_test

import (
	"errors"
	"fmt"

	"github.com/gatewaykit/gatewaykit/ir"
)

// tinyXds is one HTTP listener with one route to one backend.
func tinyXds() *ir.Xds {
	weight := uint32(1)
	ipType := ir.IP
	prefix := "/"
	return &ir.Xds{
		HTTP: []*ir.HTTPListener{{
			Name:      "default/eg/http",
			Address:   "0.0.0.0",
			Port:      10080,
			Hostnames: []string{"*"},
			Routes: []*ir.HTTPRoute{{
				Name:      "httproute/default/backend/rule/0/match/0/*",
				Hostname:  "*",
				PathMatch: &ir.StringMatch{Prefix: &prefix},
				Destination: &ir.RouteDestination{
					Name: "httproute/default/backend/rule/0",
					Settings: []*ir.DestinationSetting{{
						Name:        "httproute/default/backend/rule/0/backend/0",
						Weight:      &weight,
						Protocol:    ir.HTTP,
						AddressType: &ipType,
						Endpoints:   []*ir.DestinationEndpoint{{Host: "10.244.0.7", Port: 3000}},
					}},
				},
			}},
		}},
	}
}

// Build an IR by hand, validate it and render it as YAML.
func Example() {
	x := tinyXds()
	if err := x.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	y, err := x.YAML()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(y))
	// Output:
	// http:
	// - name: default/eg/http
	//   address: 0.0.0.0
	//   port: 10080
	//   hostnames:
	//   - "*"
	//   path:
	//     mergeSlashes: false
	//     escapedSlashesAction: ""
	//   routes:
	//   - name: httproute/default/backend/rule/0/match/0/*
	//     hostname: "*"
	//     isHTTP2: false
	//     pathMatch:
	//       name: ""
	//       prefix: /
	//       distinct: false
	//     destination:
	//       name: httproute/default/backend/rule/0
	//       settings:
	//       - name: httproute/default/backend/rule/0/backend/0
	//         weight: 1
	//         protocol: HTTP
	//         endpoints:
	//         - host: 10.244.0.7
	//           port: 3000
	//         addressType: IP
}

// Validation errors name the field that is wrong; each is a
// *ValidationError.
func ExampleXds_Validate() {
	x := tinyXds()
	x.HTTP[0].Port = 0
	x.HTTP[0].Routes[0].Destination.Settings[0].Endpoints[0].Host = "backend.default svc"

	err := x.Validate()
	fmt.Println(err)

	var ve *ir.ValidationError
	if errors.As(err, &ve) {
		fmt.Println("first path:", ve.Path)
	}
	// Output:
	// http[0].port: 0 is not a valid port (1-65535)
	// http[0].routes[0].destination.settings[0].endpoints[0].host: "backend.default svc" is neither an IP address nor a hostname
	// first path: http[0].port
}

// A deep copy can be changed without touching the original.
func ExampleXds_DeepCopy() {
	x := tinyXds()
	c := x.DeepCopy()
	c.HTTP[0].Routes[0].Destination.Settings[0].Endpoints[0].Port = 8080
	fmt.Println(x.HTTP[0].Routes[0].Destination.Settings[0].Endpoints[0].Port)
	fmt.Println(c.HTTP[0].Routes[0].Destination.Settings[0].Endpoints[0].Port)
	// Output:
	// 3000
	// 8080
}
