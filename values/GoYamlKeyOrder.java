package values;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order go-yaml v2 sorts map keys in when it marshals a Go map (its keyList.Less), which is
 * the order of every map Helm's {@code toYaml} and {@code helm get values} print: letters by code
 * point, any non-letter before a letter, and runs of digits compared as numbers
 * ({@code a2} before {@code a10}).
 */
final class GoYamlKeyOrder implements Comparator<String> {
    static final GoYamlKeyOrder INSTANCE = new GoYamlKeyOrder();

    private GoYamlKeyOrder() {}

    /** A deep copy of a Helm value with every map's keys in go-yaml's order. */
    static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            var keys = new ArrayList<String>();
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            try {
                keys.sort(INSTANCE);
            } catch (IllegalArgumentException inconsistentForTheseKeys) {
                keys.sort(GoFormat::compareUtf8); // go-yaml's Less is not a total order for every odd key set
            }
            var copy = new LinkedHashMap<String, Object>();
            keys.forEach(k -> copy.put(k, sorted(map.get(k))));
            return copy;
        } else if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>(list.size());
            list.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return value;
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return less(a, b) ? -1 : 1;
    }

    private static boolean less(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) {
                continue;
            }
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) {
                return ar[i] < br[i];
            }
            if (al || bl) {
                return bl;
            }
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            while (ai < ar.length && Character.isDigit(ar[ai])) {
                an = an * 10 + (ar[ai] - '0');
                ai++;
            }
            int bi = i;
            while (bi < br.length && Character.isDigit(br[bi])) {
                bn = bn * 10 + (br[bi] - '0');
                bi++;
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return ar[i] < br[i];
        }
        return ar.length < br.length;
    }
}
