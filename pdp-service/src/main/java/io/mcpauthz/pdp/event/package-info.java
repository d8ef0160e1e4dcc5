/** Last step of the request path: one decision event per judged message, published off the path. */
package io.mcpauthz.pdp.event;
