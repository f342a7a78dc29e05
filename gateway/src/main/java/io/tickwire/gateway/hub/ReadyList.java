package io.tickwire.gateway.hub;

/**
 * The slots of one mailbox that hold a pending quote, oldest {@code seq} first: an intrusive
 * doubly-linked list through {@link MailboxSlot#prev}/{@link MailboxSlot#next}, so moving a slot
 * to the tail when its quote is replaced costs a few pointer writes and no allocation.
 *
 * <p>Not thread-safe: the owning {@link ConflatingMailbox} guards it with its lock.
 */
final class ReadyList {

    private MailboxSlot head;
    private MailboxSlot tail;

    boolean isEmpty() {
        return head == null;
    }

    /** Adds a slot whose quote is newer than every other pending one. */
    void append(MailboxSlot slot) {
        insertAfter(tail, slot);
    }

    /** Adds a slot whose quote may be older than some pending ones (a snapshot): placed by its {@code seq}. */
    void insertBySeq(MailboxSlot slot) {
        long seq = slot.pending.seq();
        MailboxSlot after = tail;
        while (after != null && after.pending.seq() > seq) {
            after = after.prev;
        }
        insertAfter(after, slot);
    }

    /** Removes and returns the slot with the oldest pending quote, or {@code null}. */
    MailboxSlot poll() {
        MailboxSlot slot = head;
        if (slot != null) {
            remove(slot);
        }
        return slot;
    }

    void remove(MailboxSlot slot) {
        if (slot.prev == null) {
            head = slot.next;
        }
        else {
            slot.prev.next = slot.next;
        }
        if (slot.next == null) {
            tail = slot.prev;
        }
        else {
            slot.next.prev = slot.prev;
        }
        slot.prev = null;
        slot.next = null;
    }

    void clear() {
        head = null;
        tail = null;
    }

    private void insertAfter(MailboxSlot after, MailboxSlot slot) {
        slot.prev = after;
        slot.next = after == null ? head : after.next;
        if (slot.next == null) {
            tail = slot;
        }
        else {
            slot.next.prev = slot;
        }
        if (after == null) {
            head = slot;
        }
        else {
            after.next = slot;
        }
    }
}
