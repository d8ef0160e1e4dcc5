package io.mcpauthz.pdp.it;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyHotReloadTest} with the in-process Wasm engine: the PDP itself watches the Wasm
 * bundle, compiles and warms the new one and swaps it in, and events carry its revision.
 */
@QuarkusTest
@WithTestResource(value = RealStackResource.class, initArgs = {
    @ResourceArg(name = RealStackResource.POLICIES, value = "bundle"),
    @ResourceArg(name = RealStackResource.ENGINE, value = "wasm")})
class WasmPolicyHotReloadTest {

  @Test
  void shouldApplyAnEditedGrantToTheNextDecisionAndRecordTheRevision() throws Exception {
    PolicyHotReloadTest.assertEditedGrantApplies();
  }
}
