/* A stand-in for Windows' ProcessPrng (bcryptprimitives.dll), which Rust's standard library
 * calls and Wine 8 lacks. Used only by tests/windows/smoke, beside the .exe under Wine; never
 * shipped (Windows 10 and later have ProcessPrng). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
