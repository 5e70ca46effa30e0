package io.dockyard.scheduler;

/**
 * A binary min-heap of instance indexes under a caller's order, able to remove or re-sift any
 * member in O(log n). {@code pos} maps an instance to its slot; heaps over disjoint members may
 * share it.
 */
final class IndexedHeap {

    /** A total or partial order over instance indexes. */
    interface Order {
        int compare(int a, int b);
    }

    private final int[] heap;
    private final int[] pos;
    private final Order order;
    private int size;

    IndexedHeap(int[] members, int[] pos, Order order) {
        this.heap = members.clone();
        this.pos = pos;
        this.order = order;
        this.size = members.length;
        for (int k = 0; k < size; k++) pos[heap[k]] = k;
        for (int k = size / 2 - 1; k >= 0; k--) siftDown(k);
    }

    int size() { return size; }

    /** The least member (size must be > 0). */
    int peek() { return heap[0]; }

    /** The member in slot k (0 ≤ k < size), in no particular order. */
    int at(int k) { return heap[k]; }

    /** Removes a member. */
    void remove(int x) {
        int k = pos[x];
        pos[x] = -1;
        int last = heap[--size];
        if (k == size) return;
        heap[k] = last;
        pos[last] = k;
        siftUp(k);
        siftDown(pos[last]);
    }

    /** Restores the order after a member's key changed. */
    void update(int x) {
        siftUp(pos[x]);
        siftDown(pos[x]);
    }

    /**
     * The members that {@code tie} finds equal to the top, counted, or the {@code wanted}-th of them
     * (0-based) when {@code wanted >= 0}. Ties form a subtree at the root, so only they are visited.
     */
    int tiedWithTop(Order tie, int wanted, int[] stack) {
        if (size == 0) return wanted >= 0 ? -1 : 0;
        int top = heap[0], count = 0, sp = 0;
        stack[sp++] = 0;
        while (sp > 0) {
            int k = stack[--sp];
            if (tie.compare(heap[k], top) != 0) continue;
            if (count++ == wanted) return heap[k];
            if (2 * k + 1 < size) stack[sp++] = 2 * k + 1;
            if (2 * k + 2 < size) stack[sp++] = 2 * k + 2;
        }
        return wanted >= 0 ? -1 : count;
    }

    private void siftUp(int k) {
        int x = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            int p = heap[parent];
            if (order.compare(x, p) >= 0) break;
            heap[k] = p;
            pos[p] = k;
            k = parent;
        }
        heap[k] = x;
        pos[x] = k;
    }

    private void siftDown(int k) {
        int x = heap[k];
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int c = heap[child];
            int right = child + 1;
            if (right < size && order.compare(heap[right], c) < 0) c = heap[child = right];
            if (order.compare(x, c) <= 0) break;
            heap[k] = c;
            pos[c] = k;
            k = child;
        }
        heap[k] = x;
        pos[x] = k;
    }
}
