package org.prex.ingest;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.prex.pipeline.IngestFailedStep;

/** The ingest routes' failure step binds from the exchange by its typed parameters alone. */
class IngestFailuresTest {

  @Test
  void theFailedUploadsNameAndCause_areBoundWithoutTheExchange() throws Exception {
    try (CamelContext camel = new DefaultCamelContext()) {
      camel.getRegistry().bind("ingestFailures", new IngestFailedStep(new IngestFailures()));
      camel.start();
      Exchange done =
          camel
              .createProducerTemplate()
              .send(
                  "bean:ingestFailures?method=log",
                  exchange -> {
                    exchange
                        .getMessage()
                        .setHeader(Exchange.FILE_NAME, "acme-ai/inbox/weights.bin");
                    exchange.setProperty(
                        Exchange.EXCEPTION_CAUGHT, new IOException("acme-ai/inbox/x"));
                  });
      assertNull(done.getException());
    }
  }
}
