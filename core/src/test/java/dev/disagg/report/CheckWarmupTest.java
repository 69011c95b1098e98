package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.xml.transform.TransformerFactory;
import javax.xml.transform.TransformerFactoryConfigurationError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckWarmupTest {
    private static final String FACTORY = "javax.xml.transform.TransformerFactory";

    @AfterEach
    void restoreTheFactory() {
        System.clearProperty(FACTORY);
    }

    /** The warm-up never fails a run: the check meets the same error later and reports it with the case. */
    @Test
    void aBrokenXmlSetupIsLeftForTheCheckToReport() {
        System.setProperty(FACTORY, "no.such.TransformerFactory");
        assertThatThrownBy(TransformerFactory::newInstance).isInstanceOf(TransformerFactoryConfigurationError.class);

        assertThatCode(CheckWarmup::loadLibraries).doesNotThrowAnyException();
    }
}
