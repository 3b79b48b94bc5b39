package dev.passgate.protocol.keys;

import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Issue 13: what one token signature and one verification cost, RS256 (RSA 2048) against ES256 (P-256), with the
 * keys and the Nimbus signers the provider uses and a token the size of an access token; signed with the JDK's
 * providers and with the native one {@link JwsSigners} picks, verified with the JDK's (as relying parties do). Not a test: run by hand
 * after {@code mvn test-compile}, e.g. {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * dev.passgate.protocol.keys.SigningBenchmark}. Prints microseconds per operation (median of five rounds).
 */
public final class SigningBenchmark {
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 5_000;

    public static void main(String[] args) throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e").generate();
        System.out.println("Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors");
        report("RS256, JDK", JWSAlgorithm.RS256, new RSASSASigner(rsa), new RSASSAVerifier(rsa.toRSAPublicKey()));
        report("ES256, JDK", JWSAlgorithm.ES256, new ECDSASigner(ec), new ECDSAVerifier(ec.toECPublicKey()));
        JwsSigners accp = JwsSigners.choose(true);
        if (accp.isNative()) { // what the provider signs with where the native provider loads; verified as any RP would
            report("RS256, native", JWSAlgorithm.RS256, accp.signer(rsa, JWSAlgorithm.RS256), new RSASSAVerifier(rsa.toRSAPublicKey()));
            report("ES256, native", JWSAlgorithm.ES256, accp.signer(ec, JWSAlgorithm.ES256), new ECDSAVerifier(ec.toECPublicKey()));
        }
    }

    private static void report(String name, JWSAlgorithm alg, JWSSigner signer, JWSVerifier verifier) throws Exception {
        double[] sign = new double[5];
        double[] verify = new double[5];
        for (int i = 0; i < WARM_UP; i++) {
            token(alg, signer).verify(verifier);
        }
        for (int round = 0; round < 5; round++) {
            SignedJWT[] tokens = new SignedJWT[MEASURED];
            long t0 = System.nanoTime();
            for (int i = 0; i < MEASURED; i++) {
                tokens[i] = token(alg, signer);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < MEASURED; i++) {
                SignedJWT.parse(tokens[i].serialize()).verify(verifier);
            }
            long t2 = System.nanoTime();
            sign[round] = (t1 - t0) / 1e3 / MEASURED;
            verify[round] = (t2 - t1) / 1e3 / MEASURED;
        }
        java.util.Arrays.sort(sign);
        java.util.Arrays.sort(verify);
        System.out.printf("%s: sign %.0f µs, parse and verify %.0f µs (median of 5 × %d)%n", name, sign[2], verify[2], MEASURED);
    }

    private static SignedJWT token(JWSAlgorithm alg, JWSSigner signer) throws Exception {
        Date now = new Date();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID("k").build(), new JWTClaimsSet.Builder()
                .issuer("https://login.example.com").subject(UUID.randomUUID().toString()).audience("web")
                .issueTime(now).expirationTime(new Date(now.getTime() + 600_000)).jwtID(UUID.randomUUID().toString())
                .claim("scope", "openid profile email").claim("client_id", "web").build());
        jwt.sign(signer);
        return jwt;
    }
}
