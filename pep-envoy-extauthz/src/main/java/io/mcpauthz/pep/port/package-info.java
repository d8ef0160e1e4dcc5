/**
 * The PEP's port: the neutral request ({@link io.mcpauthz.pep.port.HttpCheck}), the outcome
 * ({@link io.mcpauthz.pep.port.Verdict}) and the interface that decides
 * ({@link io.mcpauthz.pep.port.DecisionPoint}). No proxy API type appears here.
 */
package io.mcpauthz.pep.port;
