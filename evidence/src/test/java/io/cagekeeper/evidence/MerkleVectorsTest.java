package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The RFC 6962 test tree (as published by transparency-dev/merkle and certificate-transparency-go). */
class MerkleVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MemoryTree tree(int size) {
        MemoryTree t = new MemoryTree();
        for (int i = 0; i < size; i++) {
            t.append(Merkle.leafHash(HEX.parseHex(LEAVES[i])));
        }
        return t;
    }

    @Test
    void computesThePublishedRootOfEveryPrefixOfTheTestTree() {
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(tree(n).root())).as("root of %d leaves", n).isEqualTo(ROOTS[n]);
            assertThat(HEX.formatHex(Merkle.root(n, tree(8)))).isEqualTo(ROOTS[n]);
        }
    }

    @Test
    void storesThePublishedInteriorNodes() {
        MemoryTree t = tree(8);
        assertThat(HEX.formatHex(t.node(1, 2))).isEqualTo("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a");
        assertThat(HEX.formatHex(t.node(2, 1))).isEqualTo("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    }

    @Test
    void givesThePublishedAuditPathOfTheFirstLeaf() {
        List<byte[]> p = Merkle.inclusionProof(0, 8, tree(8));
        assertThat(p).extracting(HEX::formatHex).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    }

    static Stream<Path> probes() throws URISyntaxException, IOException {
        Path dir = Path.of(MerkleVectorsTest.class.getResource("/merkle").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("probes")
    void answersEachPublishedProbeAsExpected(Path probe) throws IOException {
        JsonNode j;
        try (InputStream in = Files.newInputStream(probe)) {
            j = JSON.readTree(in);
        }
        boolean wantErr = j.get("wantErr").asBoolean();
        boolean ok;
        if (probe.getFileName().toString().startsWith("inclusion")) {
            Long index = asLong(j.get("leafIdx"));
            Long size = asLong(j.get("treeSize"));
            ok = index != null && size != null
                    && Merkle.verifyInclusion(index, size, bytes(j.get("leafHash")), hashes(j.get("proof")), bytes(j.get("root")));
            if (!wantErr) {
                assertThat(hashes(j.get("proof"))).as("our own proof").usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(Merkle.inclusionProof(index, size, tree(8)));
            }
        } else {
            Long first = asLong(j.get("size1"));
            Long second = asLong(j.get("size2"));
            ok = first != null && second != null
                    && Merkle.verifyConsistency(first, second, bytes(j.get("root1")), bytes(j.get("root2")), hashes(j.get("proof")));
            if (!wantErr) {
                assertThat(hashes(j.get("proof"))).as("our own proof").usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(Merkle.consistencyProof(first, second, tree(8)));
            }
        }
        assertThat(ok).as(j.get("desc").asText()).isEqualTo(!wantErr);
    }

    private static Long asLong(JsonNode n) {
        BigInteger v = n.bigIntegerValue();
        return v.bitLength() < 64 ? v.longValue() : null;
    }

    private static byte[] bytes(JsonNode n) {
        return n == null || n.isNull() ? null : Base64.getDecoder().decode(n.asText());
    }

    private static List<byte[]> hashes(JsonNode n) {
        List<byte[]> out = new ArrayList<>();
        if (n != null && !n.isNull()) {
            n.forEach(e -> out.add(bytes(e)));
        }
        return out;
    }
}
