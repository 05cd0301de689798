package org.activeseg.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel entry points of a CUDA fatbin (what cuModuleGetFunction can find), read without the
 * CUDA toolkit: every uncompressed ELF image in the container (nvcc keeps SASS uncompressed; only
 * PTX is compressed by default) is parsed for its symbol table, and global functions marked
 * STO_CUDA_ENTRY (st_other 0x10) are kernels. A test helper, for checking the names Java looks up.
 */
final class FatbinKernelNames {
    private static final int SHT_SYMTAB = 2;
    private static final int STT_FUNC = 2;
    private static final int STO_CUDA_ENTRY = 0x10;

    private FatbinKernelNames() {}

    /** Kernel names of every ELF image in {@code fatbin}; empty when it holds none uncompressed. */
    static Set<String> of(byte[] fatbin) {
        Set<String> names = new TreeSet<>();
        for (int at = indexOfElf(fatbin, 0); at >= 0; at = indexOfElf(fatbin, at + 4)) {
            if (fatbin[at + 4] == 2 && fatbin[at + 5] == 1) { // ELFCLASS64, little-endian
                readKernels(ByteBuffer.wrap(fatbin).order(ByteOrder.LITTLE_ENDIAN), at, names);
            }
        }
        return names;
    }

    private static int indexOfElf(byte[] b, int from) {
        for (int i = from; i + 64 <= b.length; i++) {
            if (b[i] == 0x7f && b[i + 1] == 'E' && b[i + 2] == 'L' && b[i + 3] == 'F') {
                return i;
            }
        }
        return -1;
    }

    private static void readKernels(ByteBuffer b, int elf, Set<String> names) {
        long shoff = b.getLong(elf + 0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(elf + 0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(elf + 0x3C));
        for (int s = 0; s < shnum; s++) {
            int sh = Math.toIntExact(elf + shoff + (long) s * shentsize);
            if (b.getInt(sh + 4) != SHT_SYMTAB) {
                continue;
            }
            int symtab = Math.toIntExact(elf + b.getLong(sh + 24));
            long size = b.getLong(sh + 32);
            int strSection = Math.toIntExact(elf + shoff + (long) b.getInt(sh + 40) * shentsize);
            int strtab = Math.toIntExact(elf + b.getLong(strSection + 24));
            for (long off = 0; off + 24 <= size; off += 24) {
                int sym = Math.toIntExact(symtab + off);
                int info = Byte.toUnsignedInt(b.get(sym + 4));
                int other = Byte.toUnsignedInt(b.get(sym + 5));
                if ((info & 0xf) == STT_FUNC && (other & STO_CUDA_ENTRY) != 0) {
                    names.add(cString(b, strtab + b.getInt(sym)));
                }
            }
        }
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
