package dev.passgate.interaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AcrTest {

    @Test
    void meetsWhenReachedIsAtOrAboveTheRequestThenTrue() {
        assertTrue(Acr.meets(Acr.PHISHING_RESISTANT, Acr.MFA), "a passkey meets a request for two factors");
        assertTrue(Acr.meets(Acr.MFA, Acr.MFA));
        assertFalse(Acr.meets(Acr.MFA, Acr.PHISHING_RESISTANT), "a password and a code are phishable");
        assertFalse(Acr.meets(Acr.PASSWORD, Acr.MFA));
        assertFalse(Acr.meets("urn:other:acr", Acr.PASSWORD), "an unknown class meets nothing");
    }

    @Test
    void weakestAcceptableWhenSeveralListedThenTheWeakestKnownOne() {
        assertEquals(Optional.of(Acr.MFA), Acr.weakestAcceptable(List.of(Acr.PHISHING_RESISTANT, Acr.MFA)));
        assertEquals(Optional.of(Acr.PHISHING_RESISTANT), Acr.weakestAcceptable(List.of("urn:other", Acr.PHISHING_RESISTANT)));
        assertEquals(Optional.empty(), Acr.weakestAcceptable(List.of("0", "urn:other")), "nothing known: nothing asked");
    }

    @Test
    void parseWhenSpaceSeparatedThenEachValue() {
        assertEquals(List.of("a", "b"), Acr.parse(Optional.of(" a  b ")));
        assertEquals(List.of(), Acr.parse(Optional.empty()));
    }

    @Test
    void requestedWhenAskedThroughTheClaimsParameterThenCountedLikeAcrValues() {
        String essential = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + Acr.PHISHING_RESISTANT + "\"]}}}";
        assertEquals(Optional.of(Acr.PHISHING_RESISTANT), Acr.requested(Optional.empty(), Optional.of(essential)));
        assertEquals(Optional.of(Acr.MFA), Acr.requested(Optional.of(Acr.MFA), Optional.of(essential)), "the weakest acceptable");
        assertEquals(Optional.empty(), Acr.requested(Optional.empty(), Optional.of("not json")));
    }
}
